package org.borderzone.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.borderzone.i18n.Texts;
import org.borderzone.incidents.IncidentType;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * KML 2.2 (OGC 07-147r2) for Google Earth, written with StAX (every name, description and value escaped by the
 * XML writer) and streamed: one {@code Document} with a {@code Style} per status (segments, pillars, plans) or per
 * incident type, then one {@code Placemark} per feature (name, description, a {@code TimeStamp} for incidents,
 * {@code styleUrl}, every attribute as {@code ExtendedData/Data}, the geometry in WGS 84 lon,lat). The element
 * order is the one the KML 2.2 schema requires (the tests validate against ogckml22.xsd).
 */
final class KmlExport implements FeatureWriter {

  static final String NS = "http://www.opengis.net/kml/2.2";

  /** Colours (KML's aabbggrr) per status, close to the map's. */
  private static final Map<String, String> STATUS_COLOURS = Map.ofEntries(
      Map.entry("PENDING", "ff9e9e9e"), Map.entry("SURVEYED", "ff00a5ff"), Map.entry("DEMARCATED", "ffd18b1f"),
      Map.entry("RATIFIED", "ff3c9d2e"), Map.entry("DISPUTED", "ff2f2fd3"),
      Map.entry("PLANNED", "ff9e9e9e"), Map.entry("PLACED", "ffd18b1f"), Map.entry("VERIFIED", "ff3c9d2e"),
      Map.entry("DAMAGED", "ff00a5ff"), Map.entry("MISSING", "ff2f2fd3"),
      Map.entry("DONE", "ff3c9d2e"), Map.entry("CANCELLED", "ff606060"));

  /** One colour per incident type, in the order of {@link IncidentType}. */
  private static final String[] TYPE_COLOURS = {"ff2f2fd3", "ff8e24aa", "ff00a5ff", "ff1b5e20", "ff33691e",
      "ffd18b1f", "ff000080", "ff000000", "ff006064", "ffff8f00", "ff757575"};

  private final XMLStreamWriter x;
  /** The reader's language: names, labels and dates for people; ExtendedData keeps the machine values. */
  private final Texts texts;
  private String[] labels;
  private final WKBReader wkb = new WKBReader();
  private Dataset dataset;
  private int nameColumn;
  private int statusColumn;
  private int typeColumn;
  private int timeColumn;

  KmlExport(OutputStream out, Texts texts) throws IOException {
    this.texts = texts;
    try {
      this.x = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void start(Dataset d, long count) throws IOException {
    dataset = d;
    List<String> names = d.columns.stream().map(Dataset.Column::name).toList();
    nameColumn = names.indexOf(switch (d) {
      case INCIDENTS -> "type";
      case SEGMENTS -> "code";
      case PILLARS -> "number";
      case INSPECTIONS -> "inspectedOn";
      case PATROL_PLANS -> "name";
    });
    statusColumn = names.indexOf("status");
    typeColumn = d == Dataset.INCIDENTS ? names.indexOf("type") : -1;
    timeColumn = d == Dataset.INCIDENTS ? names.indexOf("occurredAt") : -1;
    labels = names.stream().map(n -> texts.get("export.column." + n, n)).toArray(String[]::new);
    try {
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("kml");
      x.writeDefaultNamespace(NS);
      x.writeStartElement("Document");
      text("name", texts.get("export.document", "Borderzone " + d.id,
          texts.get("export.dataset." + d.id, d.id)));
      if (typeColumn >= 0) {
        IncidentType[] types = IncidentType.values();
        for (int i = 0; i < types.length; i++) {
          style("type-" + types[i].name(), TYPE_COLOURS[i % TYPE_COLOURS.length]);
        }
      } else if (!d.statuses.isEmpty()) {
        for (String s : d.statuses) {
          style("status-" + s, STATUS_COLOURS.getOrDefault(s, "ffffffff"));
        }
      } else {
        style("feature", "ffd18b1f");
      }
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  private void style(String id, String colour) throws XMLStreamException {
    x.writeStartElement("Style");
    x.writeAttribute("id", id);
    x.writeStartElement("IconStyle");
    text("color", colour);
    text("scale", dataset.geom == Dataset.Geom.POINT ? "0.8" : "1");
    x.writeEndElement();
    x.writeStartElement("LineStyle");
    text("color", colour);
    text("width", "3");
    x.writeEndElement();
    x.writeEndElement();
  }

  private void text(String element, String value) throws XMLStreamException {
    x.writeStartElement(element);
    x.writeCharacters(xmlChars(value));
    x.writeEndElement();
  }

  /** The text with characters XML 1.0 cannot carry at all (control characters) replaced by U+FFFD. */
  static String xmlChars(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
          || (Character.isSurrogate(c) && Character.isSurrogatePair(s.charAt(Math.max(0, i - 1)), c)
              || Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
      if (!ok && b == null) {
        b = new StringBuilder(s.substring(0, i));
      }
      if (b != null) {
        b.append(ok ? c : '\uFFFD');
      }
    }
    return b == null ? s : b.toString();
  }

  @Override
  public void feature(Object[] values, Object geometry) throws IOException {
    try {
      x.writeStartElement("Placemark");
      x.writeAttribute("id", dataset.id + "-" + values[0]);
      Object name = values[nameColumn];
      text("name", name == null ? String.valueOf(values[0])
          : typeColumn >= 0 ? texts.get("incidentType." + name, name.toString()) : name.toString());
      text("description", description(values));
      if (timeColumn >= 0 && values[timeColumn] != null) {
        x.writeStartElement("TimeStamp");
        text("when", values[timeColumn].toString());
        x.writeEndElement();
      }
      String style = typeColumn >= 0 ? "type-" + values[typeColumn]
          : statusColumn >= 0 ? "status-" + values[statusColumn] : "feature";
      text("styleUrl", "#" + style);
      x.writeStartElement("ExtendedData");
      for (int i = 0; i < values.length; i++) {
        x.writeStartElement("Data");
        x.writeAttribute("name", dataset.columns.get(i).name());
        text("displayName", labels[i]);
        text("value", values[i] == null ? "" : values[i].toString());
        x.writeEndElement();
      }
      x.writeEndElement();
      if (geometry != null) {
        geometry(wkb.read((byte[]) geometry));
      }
      x.writeEndElement();
    } catch (XMLStreamException | ParseException e) {
      throw new IOException(e);
    }
  }

  /** A value for people: dates and times in the reader's language (UTC+7), codes of types and statuses named. */
  private String shown(Dataset.Column c, Object v) {
    try {
      if (c.type() == Dataset.Type.DATETIME) {
        return texts.formats().dateTime(java.time.Instant.parse(v.toString()));
      }
      if (c.type() == Dataset.Type.DATE) {
        return texts.formats().mediumDate(java.time.LocalDate.parse(v.toString()));
      }
    } catch (java.time.format.DateTimeParseException notIso) {
      return v.toString();
    }
    if (c.name().equals("type") && dataset == Dataset.INCIDENTS) {
      return texts.get("incidentType." + v, v.toString());
    }
    return v.toString();
  }

  /** A plain-text summary (the balloon): "label: value" lines of the non-empty values, for people. */
  private String description(Object[] values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !values[i].toString().isEmpty()) {
        if (b.length() > 0) {
          b.append('\n');
        }
        b.append(labels[i]).append(": ").append(shown(dataset.columns.get(i), values[i]));
      }
    }
    return b.toString();
  }

  private void geometry(Geometry g) throws XMLStreamException {
    if (g instanceof Point p) {
      x.writeStartElement("Point");
      text("coordinates", coords(p.getCoordinates()));
      x.writeEndElement();
    } else if (g instanceof LineString l) {
      x.writeStartElement("LineString");
      text("tessellate", "1");
      text("coordinates", coords(l.getCoordinates()));
      x.writeEndElement();
    } else if (g.getNumGeometries() > 0 && !g.isEmpty()) {
      x.writeStartElement("MultiGeometry");
      for (int i = 0; i < g.getNumGeometries(); i++) {
        geometry(g.getGeometryN(i));
      }
      x.writeEndElement();
    }
  }

  private static String coords(Coordinate[] cs) {
    StringBuilder b = new StringBuilder(cs.length * 24);
    for (Coordinate c : cs) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(Coordinates.plain(c.x, 7)).append(',').append(Coordinates.plain(c.y, 7));
    }
    return b.toString();
  }

  @Override
  public void finish() throws IOException {
    try {
      x.writeEndElement();
      x.writeEndElement();
      x.writeEndDocument();
      x.flush();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }
}
