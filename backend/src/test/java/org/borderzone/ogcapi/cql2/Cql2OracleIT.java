package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The database oracle: over the demo incidents (table {@code incident}, alias {@code i}), the rows the
 * translated CQL2 filter selects are exactly the rows of a PostGIS query written by hand, independently of
 * the translator (plain columns and literals, {@code ST_X}/{@code ST_Y} ranges instead of spatial functions
 * where that is the definition, timestamps written out instead of dates). Each case must select some rows and
 * not all of them, so that a wrong translation shows.
 */
class Cql2OracleIT extends IntegrationTest {

  /** The incident queryables as the OGC collection registers them (ogcapi.Collections). */
  static final Map<String, Queryable> INCIDENT = Map.ofEntries(
      Map.entry("type", Queryable.of("type", QueryableType.STRING, "i.type")),
      Map.entry("severity", Queryable.of("severity", QueryableType.INTEGER, "i.severity")),
      Map.entry("status", Queryable.of("status", QueryableType.STRING, "i.status")),
      Map.entry("occurredAt", Queryable.of("occurredAt", QueryableType.TIMESTAMP, "i.occurred_at")),
      Map.entry("reportedAt", Queryable.of("reportedAt", QueryableType.TIMESTAMP, "i.reported_at")),
      Map.entry("description", Queryable.of("description", QueryableType.STRING, "i.description")),
      Map.entry("source", Queryable.of("source", QueryableType.STRING, "i.source")),
      Map.entry("ownerOrg", Queryable.of("ownerOrg", QueryableType.STRING, "i.owner_org")),
      Map.entry("releasability", Queryable.of("releasability", QueryableType.STRING, "i.releasability")),
      Map.entry("nearestSegmentId", Queryable.of("nearestSegmentId", QueryableType.INTEGER, "i.nearest_segment_id")),
      Map.entry("distanceToBorderM", Queryable.of("distanceToBorderM", QueryableType.NUMBER, "i.distance_to_border_m")),
      Map.entry("side", Queryable.of("side", QueryableType.STRING, "i.side")),
      Map.entry("inDisputedArea", Queryable.of("inDisputedArea", QueryableType.BOOLEAN, "i.in_disputed_area")),
      Map.entry("geometry", Queryable.of("geometry", QueryableType.GEOMETRY, "i.geom")));

  private long total;
  private Extent extent;

  /** The demo incidents' extent and time span, so the cases below are written against the data. */
  record Extent(double minX, double minY, double maxX, double maxY, OffsetDateTime first, OffsetDateTime last) {
    double midX() {
      return (minX + maxX) / 2;
    }

    double midY() {
      return (minY + maxY) / 2;
    }
  }

  @BeforeEach
  void data() {
    total = jdbc.sql("select count(*) from incident").query(Long.class).single();
    assertThat(total).as("demo incidents").isGreaterThan(100);
    // the 2nd and 98th percentiles, not min and max: other tests add incidents far from the demo's (a point in
    // Thailand, one at the edge of the area of interest), which must not empty the boxes built from the extent
    extent = jdbc.sql("select percentile_cont(0.02) within group (order by st_x(geom)) a,"
        + " percentile_cont(0.02) within group (order by st_y(geom)) b,"
        + " percentile_cont(0.98) within group (order by st_x(geom)) c,"
        + " percentile_cont(0.98) within group (order by st_y(geom)) d,"
        + " percentile_disc(0.02) within group (order by occurred_at) e,"
        + " percentile_disc(0.98) within group (order by occurred_at) f from incident")
        .query((rs, n) -> new Extent(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
            rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class))).single();
  }

  /** The 2nd–98th percentile box of the incidents in a projected CRS (see the extent above). */
  private static String robustExtent(int srid) {
    return "select percentile_cont(0.02) within group (order by st_x(u)), percentile_cont(0.02) within group"
        + " (order by st_y(u)), percentile_cont(0.98) within group (order by st_x(u)), percentile_cont(0.98) within"
        + " group (order by st_y(u)) from (select st_transform(geom, " + srid + ") u from incident) s";
  }

  private List<Long> cql(String filter, int srid, boolean northEast) {
    SqlFilter f = Cql2.parse(filter, INCIDENT, srid, northEast);
    return jdbc.sql("select i.id from incident i where " + f.where() + " order by i.id").params(f.params())
        .query(Long.class).list();
  }

  private List<Long> oracle(String where) {
    return jdbc.sql("select i.id from incident i where " + where + " order by i.id").query(Long.class).list();
  }

  private void same(String filter, String oracleWhere) {
    same(filter, 4326, false, oracleWhere);
  }

  private void same(String filter, int srid, boolean northEast, String oracleWhere) {
    List<Long> expected = oracle(oracleWhere);
    assertThat(expected).as("oracle of %s selects some but not all of %d", filter, total).isNotEmpty()
        .hasSizeLessThan((int) total);
    assertThat(cql(filter, srid, northEast)).as(filter).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      type = 'UXO'                                     | i.type = 'UXO'
      type <> 'UXO'                                    | i.type <> 'UXO'
      severity >= 4 AND NOT inDisputedArea = TRUE      | i.severity >= 4 and not i.in_disputed_area
      NOT (type = 'UXO' OR severity > 2)               | not (i.type = 'UXO' or i.severity > 2)
      severity < 2.5                                   | i.severity <= 2
      severity BETWEEN 2 AND 3                         | i.severity in (2, 3)
      severity NOT BETWEEN 2 AND 3                     | i.severity not in (2, 3)
      type IN ('UXO', 'SMUGGLING') OR severity = 5     | i.type = 'UXO' or i.type = 'SMUGGLING' or i.severity = 5
      type NOT IN ('UXO', 'SMUGGLING')                 | i.type <> 'UXO' and i.type <> 'SMUGGLING'
      CASEI(type) = CASEI('uXo')                       | i.type = 'UXO'
      CASEI(type) IN (CASEI('smuggling'), 'uxo')       | i.type in ('SMUGGLING', 'UXO')
      type LIKE 'UX_'                                  | i.type = 'UXO'
      type LIKE '%\\_T%'                               | position('_T' in i.type) > 0
      type NOT LIKE '%ING'                             | right(i.type, 3) <> 'ING'
      CASEI(type) LIKE CASEI('%traff%')                | position('TRAFF' in i.type) > 0
      side <> 'KH'                                     | i.side = 'LA'
      side IS NULL OR side = 'KH'                      | i.side is distinct from 'LA'
      ownerOrg = 'LA' AND releasability = 'NATIONAL'   | i.owner_org = 'LA' and i.releasability = 'NATIONAL'
      "status" <> 'REPORTED'                           | i.status <> 'REPORTED'
      nearestSegmentId IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) | i.nearest_segment_id between 1 and 10
      distanceToBorderM < 1000                         | i.distance_to_border_m < 1000
      distanceToBorderM >= 1e3 AND distanceToBorderM < 5.0E3 | i.distance_to_border_m >= 1000 and i.distance_to_border_m < 5000
      """)
  void comparisonsSelectWhatPostgisSelects(String filter, String oracleWhere) {
    same(filter, oracleWhere);
  }

  @Test
  void nullsAndStrings() {
    long withDescription = jdbc.sql("select count(*) from incident where description is not null").query(Long.class)
        .single();
    if (withDescription > 0 && withDescription < total) {
      same("description IS NOT NULL", "i.description is not null");
    }
    // an injection attempt is just a value that matches nothing
    assertThat(cql("type = 'UXO'' OR ''1''=''1' OR description = ''';select pg_sleep(5);--'", 4326, false)).isEmpty();
  }

  @Test
  void spatialFunctionsSelectWhatPostgisSelects() {
    double x1 = extent.minX() + (extent.maxX() - extent.minX()) * 0.25;
    double x2 = extent.midX();
    double y1 = extent.minY() + (extent.maxY() - extent.minY()) * 0.25;
    double y2 = extent.midY() + (extent.maxY() - extent.minY()) * 0.25;
    String box = "BBOX(" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + ")";
    String inside = "st_x(i.geom) > " + x1 + " and st_x(i.geom) < " + x2 + " and st_y(i.geom) > " + y1
        + " and st_y(i.geom) < " + y2;
    String closed = "st_x(i.geom) between " + x1 + " and " + x2 + " and st_y(i.geom) between " + y1 + " and " + y2;
    String polygon = "POLYGON((" + x1 + " " + y1 + ", " + x2 + " " + y1 + ", " + x2 + " " + y2 + ", " + x1 + " " + y2
        + ", " + x1 + " " + y1 + "))";
    same("S_INTERSECTS(geometry, " + box + ")", closed);
    same("S_WITHIN(geometry, " + box + ")", inside);
    same("S_CONTAINS(" + polygon + ", geometry)", inside);
    same("S_DISJOINT(geometry, " + polygon + ")", "not (" + closed + ")");
    same("NOT S_INTERSECTS(geometry, " + polygon + ") AND type = 'UXO'", "not (" + closed + ") and i.type = 'UXO'");
    // EPSG:4326 in its own axis order (lat, lon): the same box written north-first
    same("S_INTERSECTS(geometry, BBOX(" + y1 + ", " + x1 + ", " + y2 + ", " + x2 + "))", 4326, true, closed);
    same("S_INTERSECTS(geometry, POLYGON((" + y1 + " " + x1 + ", " + y1 + " " + x2 + ", " + y2 + " " + x2 + ", " + y2
        + " " + x1 + ", " + y1 + " " + x1 + ")))", 4326, true, closed);
    // a triangle: half of the box
    same("S_INTERSECTS(geometry, POLYGON((" + x1 + " " + y1 + ", " + x2 + " " + y1 + ", " + x1 + " " + y2 + ", " + x1
        + " " + y1 + ")))", closed + " and (st_x(i.geom) - " + x1 + ") / " + (x2 - x1) + " + (st_y(i.geom) - " + y1
        + ") / " + (y2 - y1) + " <= 1");
    // a geometry collection and a multipolygon: the union of two boxes
    double x3 = extent.maxX();
    String box2 = "st_x(i.geom) between " + x2 + " and " + x3 + " and st_y(i.geom) between " + extent.minY() + " and "
        + y1;
    same("S_INTERSECTS(geometry, MULTIPOLYGON(((" + x1 + " " + y1 + ", " + x2 + " " + y1 + ", " + x2 + " " + y2 + ", "
        + x1 + " " + y2 + ", " + x1 + " " + y1 + ")), ((" + x2 + " " + extent.minY() + ", " + x3 + " " + extent.minY()
        + ", " + x3 + " " + y1 + ", " + x2 + " " + y1 + ", " + x2 + " " + extent.minY() + "))))",
        "(" + closed + ") or (" + box2 + ")");
    same("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(" + polygon + ", POLYGON((" + x2 + " " + extent.minY() + ", " + x3
        + " " + extent.minY() + ", " + x3 + " " + y1 + ", " + x2 + " " + y1 + ", " + x2 + " " + extent.minY() + "))))",
        "(" + closed + ") or (" + box2 + ")");
  }

  @Test
  void oneIncidentByItsExactPointAndTime() {
    record One(long id, double x, double y, OffsetDateTime at) {}
    One one = jdbc.sql("select id, st_x(geom), st_y(geom), occurred_at from incident order by id limit 1 offset 7")
        .query((rs, n) -> new One(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
            rs.getObject(4, OffsetDateTime.class))).single();
    String ts = one.at().withOffsetSameInstant(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'"));
    same("S_EQUALS(geometry, POINT(" + one.x() + " " + one.y() + "))",
        "st_x(i.geom) = " + one.x() + " and st_y(i.geom) = " + one.y());
    same("T_EQUALS(occurredAt, TIMESTAMP('" + ts + "'))", "i.occurred_at = timestamptz '" + ts + "'");
    same("occurredAt = TIMESTAMP('" + ts + "')", "i.occurred_at = timestamptz '" + ts + "'");
  }

  @Test
  void projectedFilterCrssAreTransformedToTheData() {
    // a box in UTM 48N and in Web Mercator, oracle: PostGIS transforms the data instead of the literal
    List<Double> utm = jdbc.sql(robustExtent(32648))
        .query((rs, n) -> List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4))).single();
    double ux1 = Math.round(utm.get(0) + (utm.get(2) - utm.get(0)) * 0.3);
    double uy1 = Math.round(utm.get(1) + (utm.get(3) - utm.get(1)) * 0.3);
    double ux2 = Math.round(utm.get(0) + (utm.get(2) - utm.get(0)) * 0.7);
    double uy2 = Math.round(utm.get(1) + (utm.get(3) - utm.get(1)) * 0.7);
    String oracleUtm = "st_within(st_transform(i.geom, 32648), st_makeenvelope(" + ux1 + ", " + uy1 + ", " + ux2 + ", "
        + uy2 + ", 32648)) and st_x(st_transform(i.geom, 32648)) not in (" + ux1 + ", " + ux2 + ")";
    // the literal is transformed to 4326 as a polygon with straight edges in degrees; the data transformed
    // to UTM see straight edges in metres: the two agree away from the edges, which the oracle checks
    List<Long> fromCql = cql("S_WITHIN(geometry, BBOX(" + ux1 + ", " + uy1 + ", " + ux2 + ", " + uy2 + "))", 32648,
        false);
    List<Long> expected = oracle(oracleUtm);
    assertThat(expected).isNotEmpty().hasSizeLessThan((int) total);
    List<Long> nearEdge = oracle("st_dwithin(st_transform(i.geom, 32648), st_boundary(st_makeenvelope(" + ux1 + ", "
        + uy1 + ", " + ux2 + ", " + uy2 + ", 32648)), 50)");
    assertThat(symmetricDifference(fromCql, expected)).isSubsetOf(nearEdge);
    // Web Mercator: same idea
    List<Double> merc = jdbc.sql(robustExtent(3857))
        .query((rs, n) -> List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4))).single();
    double mx1 = Math.round(merc.get(0) + (merc.get(2) - merc.get(0)) * 0.2);
    double my1 = Math.round(merc.get(1) + (merc.get(3) - merc.get(1)) * 0.2);
    double mx2 = Math.round(merc.get(0) + (merc.get(2) - merc.get(0)) * 0.6);
    double my2 = Math.round(merc.get(1) + (merc.get(3) - merc.get(1)) * 0.6);
    List<Long> mercCql = cql("S_INTERSECTS(geometry, POLYGON((" + mx1 + " " + my1 + ", " + mx2 + " " + my1 + ", " + mx2
        + " " + my2 + ", " + mx1 + " " + my2 + ", " + mx1 + " " + my1 + ")))", 3857, false);
    List<Long> mercOracle = oracle("st_intersects(st_transform(i.geom, 3857), st_makeenvelope(" + mx1 + ", " + my1
        + ", " + mx2 + ", " + my2 + ", 3857))");
    assertThat(mercOracle).isNotEmpty().hasSizeLessThan((int) total);
    List<Long> mercEdge = oracle("st_dwithin(st_transform(i.geom, 3857), st_boundary(st_makeenvelope(" + mx1 + ", "
        + my1 + ", " + mx2 + ", " + my2 + ", 3857)), 50)");
    assertThat(symmetricDifference(mercCql, mercOracle)).isSubsetOf(mercEdge);
  }

  private static List<Long> symmetricDifference(List<Long> a, List<Long> b) {
    java.util.Set<Long> s = new java.util.TreeSet<>(a);
    s.addAll(b);
    java.util.Set<Long> both = new java.util.TreeSet<>(a);
    both.retainAll(b);
    s.removeAll(both);
    return List.copyOf(s);
  }

  @Test
  void temporalFunctionsSelectWhatPostgisSelects() {
    OffsetDateTime mid = extent.first().plus(java.time.Duration.between(extent.first(), extent.last()).dividedBy(2))
        .withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime q1 = extent.first().plus(java.time.Duration.between(extent.first(), extent.last()).dividedBy(4))
        .withOffsetSameInstant(ZoneOffset.UTC);
    String day = mid.toLocalDate().toString();
    String nextDay = mid.toLocalDate().plusDays(1).toString();
    String t1 = q1.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
    String t2 = mid.withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z";
    same("T_BEFORE(occurredAt, DATE('" + day + "'))", "i.occurred_at < timestamptz '" + day + "T00:00:00Z'");
    same("T_AFTER(occurredAt, DATE('" + day + "'))", "i.occurred_at >= timestamptz '" + nextDay + "T00:00:00Z'");
    same("occurredAt >= DATE('" + day + "')", "i.occurred_at >= timestamptz '" + day + "T00:00:00Z'");
    same("T_AFTER(occurredAt, TIMESTAMP('" + t2 + "'))", "i.occurred_at > timestamptz '" + t2 + "'");
    same("T_INTERSECTS(occurredAt, INTERVAL('" + t1 + "', '" + t2 + "'))",
        "i.occurred_at >= timestamptz '" + t1 + "' and i.occurred_at <= timestamptz '" + t2 + "'");
    same("T_INTERSECTS(occurredAt, INTERVAL('..', '" + day + "'))",
        "i.occurred_at < timestamptz '" + nextDay + "T00:00:00Z'");
    same("T_INTERSECTS(occurredAt, INTERVAL('" + t2 + "', '..'))", "i.occurred_at >= timestamptz '" + t2 + "'");
    same("T_DISJOINT(occurredAt, INTERVAL('" + t1 + "', '" + t2 + "'))",
        "i.occurred_at < timestamptz '" + t1 + "' or i.occurred_at > timestamptz '" + t2 + "'");
    same("T_DURING(INTERVAL(occurredAt, occurredAt), INTERVAL('" + t1 + "', '" + t2 + "'))",
        "i.occurred_at > timestamptz '" + t1 + "' and i.occurred_at < timestamptz '" + t2 + "'");
    same("T_DURING(INTERVAL(occurredAt, reportedAt), INTERVAL('" + t1 + "', '..'))",
        "i.occurred_at > timestamptz '" + t1 + "'");
    same("T_STARTS(INTERVAL(occurredAt, occurredAt), INTERVAL('" + t1 + "', '..')) OR T_CONTAINS(INTERVAL('..', '"
        + t2 + "'), INTERVAL(occurredAt, occurredAt))", "i.occurred_at < timestamptz '" + t2 + "'");
    same("T_OVERLAPS(INTERVAL(occurredAt, reportedAt), INTERVAL('" + t2 + "', '..'))",
        "i.occurred_at < timestamptz '" + t2 + "' and i.reported_at > timestamptz '" + t2 + "'"
            + " and i.reported_at < 'infinity'");
    // QGIS's open ends (0000-01-01 / 9999-12-31) work like '..'
    same("T_INTERSECTS(occurredAt, INTERVAL('0000-01-01T00:00:00Z', '" + t2 + "'))",
        "i.occurred_at <= timestamptz '" + t2 + "'");
    same("T_INTERSECTS(occurredAt, INTERVAL('" + t2 + "', '9999-12-31T00:00:00Z'))",
        "i.occurred_at >= timestamptz '" + t2 + "'");
  }
}
