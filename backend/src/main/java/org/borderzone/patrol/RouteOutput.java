package org.borderzone.patrol;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.borderzone.i18n.Formats;
import org.borderzone.i18n.Texts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link RoutePlan} as an RFC 7946 FeatureCollection (route LineStrings, then stop Points, with plan
 * totals as foreign members) or as GPX 1.1 (one {@code trk} per team, a {@code wpt} per stop).
 */
final class RouteOutput {

  static final String GPX_MEDIA = "application/gpx+xml";
  static final String GPX_NS = "http://www.topografix.com/GPX/1/1";

  private RouteOutput() {}

  static ObjectNode geoJson(RoutePlan plan, JsonMapper json) {
    ObjectNode fc = json.createObjectNode();
    fc.put("type", "FeatureCollection");
    fc.put("mode", plan.mode());
    fc.put("profile", plan.profile());
    fc.put("joint", plan.joint());
    if (plan.side() != null) {
      fc.put("side", plan.side());
    }
    double len = 0;
    double dur = 0;
    for (RoutePlan.TeamRoute r : plan.routes()) {
      len += r.lengthM();
      dur = Math.max(dur, r.durationS());
    }
    fc.put("lengthM", round(len, 1));
    fc.put("durationS", Math.round(dur));
    fc.put("coveredScore", plan.coveredScore());
    fc.put("planningMs", plan.planningMs());
    ArrayNode features = fc.putArray("features");
    for (RoutePlan.TeamRoute r : plan.routes()) {
      ObjectNode f = features.addObject();
      f.put("type", "Feature");
      ObjectNode g = f.putObject("geometry");
      g.put("type", "LineString");
      ArrayNode cs = g.putArray("coordinates");
      for (double[] c : r.line()) {
        cs.addArray().add(round(c[0], 7)).add(round(c[1], 7));
      }
      ObjectNode p = f.putObject("properties");
      p.put("kind", "route");
      p.put("team", r.team());
      if (r.baseId() != null) {
        p.put("baseId", r.baseId());
      }
      p.put("lengthM", round(r.lengthM(), 1));
      p.put("durationS", Math.round(r.durationS()));
      p.put("stops", r.stops().size());
    }
    for (RoutePlan.TeamRoute r : plan.routes()) {
      for (RoutePlan.Stop s : r.stops()) {
        ObjectNode f = features.addObject();
        f.put("type", "Feature");
        ObjectNode g = f.putObject("geometry");
        g.put("type", "Point");
        g.putArray("coordinates").add(round(s.lon(), 7)).add(round(s.lat(), 7));
        ObjectNode p = f.putObject("properties");
        p.put("kind", "stop");
        p.put("team", r.team());
        p.put("order", s.order());
        p.put("role", s.role());
        p.put("ref", s.ref());
        p.put("distanceM", round(s.distanceM(), 1));
        p.put("etaS", Math.round(s.etaS()));
        if (s.role().equals("cell")) {
          p.put("cellId", s.ref());
          p.put("score", s.score());
        }
      }
    }
    ArrayNode sk = fc.putArray("skippedCells");
    for (RoutePlan.Skipped s : plan.skipped()) {
      ObjectNode o = sk.addObject();
      o.put("cellId", s.cellId());
      o.putArray("position").add(round(s.lon(), 7)).add(round(s.lat(), 7));
      o.put("score", s.score());
      o.put("reason", s.reason());
    }
    return fc;
  }

  /** The request fields a route answer echoes under {@code request}, so that the plan can be planned again. */
  static final List<String> REQUEST_FIELDS = List.of("mode", "profile", "baseId", "baseIds", "start", "end", "stops",
      "budgetKm", "teams", "joint", "org", "name");

  /**
   * The request of a route answer: the known fields of the request body as sent (already validated by
   * {@link RouteRequest#parse}; anything else is dropped) and the hot-cell window as planned (explicit, see
   * {@link RouteService#resolved}).
   */
  static ObjectNode request(JsonNode body, RouteRequest resolved, JsonMapper json) {
    ObjectNode r = json.createObjectNode();
    for (String f : REQUEST_FIELDS) {
      JsonNode v = body.get(f);
      if (v != null && !v.isNull()) {
        r.set(f, v);
      }
    }
    if (resolved.from() != null || resolved.to() != null) {
      ObjectNode w = r.putObject("window");
      if (resolved.from() != null) {
        w.put("from", resolved.from().toString());
      }
      if (resolved.to() != null) {
        w.put("to", resolved.to().toString());
      }
    }
    return r;
  }

  /** A team's line as WKT (7 decimals, as the GeoJSON answer). */
  static String wkt(List<double[]> line) {
    StringBuilder sb = new StringBuilder("LINESTRING(");
    for (int i = 0; i < line.size(); i++) {
      sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.7f %.7f", line.get(i)[0], line.get(i)[1]));
    }
    return sb.append(')').toString();
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static String gpx(RoutePlan plan, Texts texts) {
    Formats.Bound f = texts.formats();
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("gpx");
      w.writeDefaultNamespace(GPX_NS);
      w.writeAttribute("version", "1.1");
      w.writeAttribute("creator", "Borderzone");
      String mode = texts.get("mode." + plan.mode(), plan.mode());
      String name = plan.name() != null ? plan.name() : texts.get("gpx.name", "Borderzone " + plan.mode() + " patrol", mode);
      w.writeStartElement("metadata");
      element(w, "name", name);
      element(w, "desc", texts.get("gpx.description", plan.mode(), mode, texts.get("profile." + plan.profile(),
          plan.profile()), plan.joint() ? texts.get("gpx.joint", "joint") : texts.get("gpx.national", "national",
          plan.side()), f.number(plan.routes().stream().mapToDouble(RoutePlan.TeamRoute::lengthM).sum() / 1000, 1)));
      element(w, "time", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      w.writeEndElement();
      for (RoutePlan.TeamRoute r : plan.routes()) {
        for (RoutePlan.Stop s : r.stops()) {
          w.writeStartElement("wpt");
          w.writeAttribute("lat", coord(s.lat()));
          w.writeAttribute("lon", coord(s.lon()));
          element(w, "name", String.format(Locale.ROOT, "T%d-%02d", r.team(), s.order()));
          element(w, "desc", texts.get("gpx.stop.description", s.role(), s.role() + " " + s.ref(),
              f.number(s.distanceM() / 1000, 1), f.integer(Math.round(s.etaS() / 60))));
          element(w, "type", s.role());
          w.writeEndElement();
        }
      }
      for (RoutePlan.TeamRoute r : plan.routes()) {
        w.writeStartElement("trk");
        element(w, "name", plan.routes().size() > 1 ? texts.get("gpx.team", name, name, f.integer(r.team())) : name);
        element(w, "desc", texts.get("gpx.track.description", "", f.number(r.lengthM() / 1000, 1),
            f.integer(Math.round(r.durationS() / 60))));
        element(w, "number", Integer.toString(r.team()));
        w.writeStartElement("trkseg");
        for (double[] c : r.line()) {
          w.writeEmptyElement("trkpt");
          w.writeAttribute("lat", coord(c[1]));
          w.writeAttribute("lon", coord(c[0]));
        }
        w.writeEndElement();
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.7f", v);
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
