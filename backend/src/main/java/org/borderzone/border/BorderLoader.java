package org.borderzone.border;

import org.borderzone.system.Actor;
import org.borderzone.system.Organisations;
import org.borderzone.system.StatementTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports the real reference geography into an empty database at first start, in one transaction: the
 * OpenStreetMap boundary line, the two countries' outlines, the five border provinces and GeoNames places
 * (all shipped in {@code data/}, see data/README.md), then cuts the line into ~1 km segments coded
 * {@code KH-LA-001}… from the Thai tri-point (west) to the Vietnamese tri-point (east) and groups them into
 * sectors by the province pair on each side. Does nothing when segments exist.
 */
@Component
public class BorderLoader implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BorderLoader.class);

  /**
   * The two countries of this border, as the reference data has them (the OSM line between Cambodia and Laos,
   * the outlines in {@code data/basemap/khm-lao-countries-osm.geojson}): geography, not a list of organisations.
   * Each segment stores them ({@code border_segment.country_a/_b}, V26); its code and sign-off parties follow
   * from that row, never from these constants. {@code A} is the side of the sectors' {@code kh_province}.
   */
  public static final String COUNTRY_A = "KH";
  /** The other country of this border (see {@link #COUNTRY_A}). */
  public static final String COUNTRY_B = "LA";

  /** Runs of fewer segments than this with a different province pair are merged into their neighbours. */
  static final int MIN_SECTOR_SEGMENTS = 8;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final ResourceLoader resources;
  private final BorderProperties props;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final Organisations organisations;

  BorderLoader(JdbcClient jdbc, JsonMapper json, ResourceLoader resources, BorderProperties props,
      TransactionTemplate tx, StatementTimeouts timeouts, Organisations organisations) {
    this.timeouts = timeouts;
    this.organisations = organisations;
    this.jdbc = jdbc;
    this.json = json;
    this.resources = resources;
    this.props = props;
    this.tx = tx;
  }

  @Override
  public void run(ApplicationArguments args) {
    loadIfEmpty();
  }

  /**
   * Imports the border unless segments exist. Also called by the demo's {@code DemoOrchestrator}, which builds
   * on the border; whichever runs first does the work, the other finds segments and returns.
   */
  public void loadIfEmpty() {
    Integer segments = jdbc.sql(BorderSql.SEGMENT_COUNT).query(Integer.class).single();
    if (segments > 0) {
      tx.executeWithoutResult(s -> loadPlaces()); // only the place names can change (an upsert of 30 rows)
      return;
    }
    long t0 = System.nanoTime();
    tx.executeWithoutResult(s -> {
      timeouts.longWork();
      loadCountries();
      loadProvinces();
      loadPlaces();
      int lineId = loadLine();
      int n = segment(lineId);
      log.info("Imported the reference border: {} segments in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
    });
    organisations.reload(); // the countries of the border (the sides of incidents, the OGC queryables)
  }

  private JsonNode read(String location) {
    return read(resources.getResource(location));
  }

  private JsonNode read(org.springframework.core.io.Resource resource) {
    try (InputStream in = resource.getInputStream()) {
      return json.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read reference data " + resource, e);
    }
  }

  private int loadLine() {
    JsonNode f = read(props.source()).path("features").get(0);
    JsonNode p = f.path("properties");
    return jdbc.sql(BorderSql.INSERT_LINE)
        .param("name", p.path("name").asString("Cambodia–Laos boundary"))
        .param("source", p.path("source").asString("OpenStreetMap"))
        .param("licence", p.path("license").asString("ODbL-1.0"))
        .param("geom", f.get("geometry").toString())
        .query(Integer.class).single();
  }

  private void loadCountries() {
    for (JsonNode f : read("classpath:data/basemap/khm-lao-countries-osm.geojson").path("features")) {
      JsonNode p = f.path("properties");
      jdbc.sql(BorderSql.INSERT_COUNTRY)
          .param("iso", p.path("iso_a2").asString())
          .param("name", p.path("name").asString())
          .param("geom", f.get("geometry").toString())
          .param("en", text(p, "name_en")).param("km", text(p, "name_km")).param("lo", text(p, "name_lo"))
          .update();
    }
  }

  private void loadProvinces() {
    for (JsonNode f : read("classpath:data/reference/khm-lao-border-provinces-naturalearth.geojson").path("features")) {
      JsonNode p = f.path("properties");
      jdbc.sql(BorderSql.INSERT_PROVINCE)
          .param("code", p.path("adm1_code").asString())
          .param("name", p.path("name_en").asString(p.path("name").asString()))
          .param("country", p.path("iso_a2").asString())
          .param("geom", f.get("geometry").toString())
          .param("en", text(p, "name_en")).param("km", text(p, "name_km")).param("lo", text(p, "name_lo"))
          .update();
    }
  }

  private void loadPlaces() {
    for (JsonNode f : read("classpath:data/reference/khm-lao-border-zone-places-geonames.geojson").path("features")) {
      JsonNode p = f.path("properties");
      jdbc.sql(BorderSql.INSERT_PLACE)
          .param("id", p.path("geonameid").asLong())
          .param("name", p.path("name").asString())
          .param("country", p.path("country_iso_a2").asString())
          .param("pop", p.path("population").isNumber() ? p.path("population").asInt() : null)
          .param("geom", f.get("geometry").toString())
          .param("en", text(p, "name_en")).param("km", text(p, "name_km")).param("lo", text(p, "name_lo"))
          .update();
    }
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.path(field);
    return v.isString() && !v.asString().isBlank() ? v.asString() : null;
  }

  /** One piece of the line before it is stored, with the province on each side of its midpoint. */
  record Piece(int seq, String geomWkb, String khProvince, String laProvince) {}

  /**
   * Cuts the line into n equal parts measured in UTM 48N (EPSG:32648), n = round(length / target), and
   * stores them as segments with their geodesic length. Adjacent parts share their end points exactly.
   */
  private int segment(int lineId) {
    List<Piece> pieces = jdbc.sql(BorderSql.CUT_LINE)
        .param("lineId", lineId)
        .param("target", props.segmentLengthM())
        .param("a", COUNTRY_A).param("b", COUNTRY_B)
        .query((rs, i) -> new Piece(rs.getInt("seq"), rs.getString("wkb"), rs.getString("kh"), rs.getString("la")))
        .list();
    List<String> pairs = new ArrayList<>();
    for (Piece p : pieces) {
      pairs.add(p.khProvince() + "|" + p.laProvince());
    }
    List<String> smoothed = smoothRuns(pairs, MIN_SECTOR_SEGMENTS);
    int ordinal = 0;
    String current = null;
    int sectorId = 0;
    for (int i = 0; i < pieces.size(); i++) {
      Piece p = pieces.get(i);
      String pair = smoothed.get(i);
      if (!pair.equals(current)) {
        current = pair;
        ordinal++;
        String[] kl = pair.split("\\|");
        sectorId = jdbc.sql(BorderSql.INSERT_SECTOR)
            .param("code", String.format("S%d-%s-%s", ordinal, abbreviation(kl[0]), abbreviation(kl[1])))
            .param("name", kl[0] + " – " + kl[1])
            .param("kh", kl[0])
            .param("la", kl[1])
            .param("ord", ordinal)
            .query(Integer.class).single();
      }
      jdbc.sql(BorderSql.INSERT_SEGMENT)
          .param("code", String.format("%s-%s-%03d", COUNTRY_A, COUNTRY_B, p.seq()))
          .param("seq", p.seq())
          .param("sector", sectorId)
          .param("wkb", p.geomWkb())
          .param("a", COUNTRY_A).param("b", COUNTRY_B)
          .update();
    }
    jdbc.sql(BorderSql.INITIAL_STATUS_HISTORY)
        .param("user", Actor.SYSTEM.username()).param("org", Actor.SYSTEM.orgCode()).update();
    return pieces.size();
  }

  /**
   * Replaces runs shorter than {@code minRun} by the value of the preceding run (or the following one at the
   * start), so that sectors are contiguous stretches, not flickers where the province outlines (Natural
   * Earth, ~1.5 km off the OSM line) zig-zag across it.
   */
  static List<String> smoothRuns(List<String> values, int minRun) {
    List<String> out = new ArrayList<>(values);
    boolean changed = true;
    while (changed) {
      changed = false;
      int i = 0;
      while (i < out.size()) {
        int j = i;
        while (j < out.size() && out.get(j).equals(out.get(i))) {
          j++;
        }
        int len = j - i;
        if (len < minRun && !(i == 0 && j == out.size())) {
          String replacement = i > 0 ? out.get(i - 1) : out.get(j);
          for (int k = i; k < j; k++) {
            out.set(k, replacement);
          }
          changed = true;
          break;
        }
        i = j;
      }
    }
    return out;
  }

  private static final Map<String, String> ABBREVIATIONS = Map.of(
      "Preah Vihear", "PVH", "Stung Treng", "STG", "Ratanakiri", "RTK", "Champasak", "CPS", "Attapeu", "ATP");

  static String abbreviation(String province) {
    return ABBREVIATIONS.getOrDefault(province,
        province.replaceAll("[^A-Za-z]", "").substring(0, Math.min(3, province.length())).toUpperCase());
  }
}
