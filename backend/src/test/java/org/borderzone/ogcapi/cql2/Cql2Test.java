package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;

/**
 * The CQL2 grammar, type checks, SQL and bounds without a database: exact SQL for each construct (every
 * literal a parameter), refusals with their message code and position, hostile texts (SQL injection in
 * strings and names, unknown functions, Unicode tricks, huge numbers, deep nesting, 100 KB) that end as a
 * {@link Cql2Exception} and nothing else.
 */
class Cql2Test {

  /** Incident-like queryables; columns as the OGC collection would register them. */
  static final Map<String, Queryable> Q = Map.of(
      "type", new Queryable("type", QueryableType.STRING, "i.type", List.of("UXO", "SMUGGLING"), "incident type"),
      "description", Queryable.of("description", QueryableType.STRING, "i.description"),
      "severity", Queryable.of("severity", QueryableType.INTEGER, "i.severity"),
      "distance", Queryable.of("distance", QueryableType.NUMBER, "i.distance_to_border_m"),
      "disputed", Queryable.of("disputed", QueryableType.BOOLEAN, "i.in_disputed_area"),
      "occurred_at", Queryable.of("occurred_at", QueryableType.TIMESTAMP, "i.occurred_at"),
      "reported_at", Queryable.of("reported_at", QueryableType.TIMESTAMP, "i.reported_at"),
      "day", Queryable.of("day", QueryableType.DATE, "i.day"),
      "geometry", Queryable.of("geometry", QueryableType.GEOMETRY, "i.geom"));

  static SqlFilter sql(String text) {
    SqlFilter f = Cql2.parse(text, Q, 4326);
    Cql2TestSupport.assertNoRequestText(text, f, Q);
    return f;
  }

  static Cql2Exception refused(String text) {
    return refused(text, Limits.Filter.DEFAULTS);
  }

  static Cql2Exception refused(String text, Limits.Filter limits) {
    Cql2Exception e = catchThrowableOfType(Cql2Exception.class, () -> Cql2.parse(text, Q, 4326, false, limits));
    assertThat(e).as(Parser.shorten(text)).isNotNull();
    return e;
  }

  // ------------------------------------------------------------------ SQL of each construct

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      type = 'UXO'                               | ((i.type) = CAST(:cql0 AS text))
      severity >= 3 AND disputed = TRUE          | (((i.severity) >= CAST(:cql0 AS bigint)) AND ((i.in_disputed_area) = CAST(:cql1 AS boolean)))
      severity<>2 or not distance < 1.5          | (((i.severity) <> CAST(:cql0 AS bigint)) OR (NOT ((i.distance_to_border_m) < CAST(:cql1 AS double precision))))
      description IS NOT NULL                    | ((i.description) IS NOT NULL)
      NOT description IS NULL                    | (NOT ((i.description) IS NULL))
      description NOT LIKE 'a\\%b_%'             | ((i.description) NOT LIKE CAST(:cql0 AS text) ESCAPE '\\')
      CASEI(description) LIKE CASEI('%Mine%')    | (lower((i.description)) LIKE lower(CAST(:cql0 AS text)) ESCAPE '\\')
      CASEI(type) IN (CASEI('uxo'), 'x')         | (lower((i.type)) IN (lower(CAST(:cql0 AS text)), CAST(:cql1 AS text)))
      severity NOT BETWEEN 2 AND 4               | ((i.severity) NOT BETWEEN CAST(:cql0 AS bigint) AND CAST(:cql1 AS bigint))
      severity IN (1, 2.5)                       | ((i.severity) IN (CAST(:cql0 AS bigint), CAST(:cql1 AS double precision)))
      "severity" = severity                      | ((i.severity) = (i.severity))
      TRUE                                       | TRUE
      (FALSE OR TRUE) AND TRUE                   | ((FALSE OR TRUE) AND TRUE)
      occurred_at < TIMESTAMP('2026-01-01T00:00:00Z') | ((i.occurred_at) < CAST(:cql0 AS timestamptz))
      occurred_at >= DATE('2025-12-31')          | ((i.occurred_at) >= (CAST(CAST(:cql0 AS date) AS timestamp) AT TIME ZONE 'UTC'))
      DATE('2025-12-31') >= occurred_at          | ((i.occurred_at) < (CAST(CAST(:cql0 AS date) + 1 AS timestamp) AT TIME ZONE 'UTC'))
      occurred_at = DATE('2025-12-31')           | (((i.occurred_at) >= (CAST(CAST(:cql0 AS date) AS timestamp) AT TIME ZONE 'UTC') AND (i.occurred_at) < (CAST(CAST(:cql0 AS date) + 1 AS timestamp) AT TIME ZONE 'UTC')))
      S_INTERSECTS(geometry, POINT(105 14))      | ST_Intersects((i.geom), ST_GeomFromWKB(CAST(:cql0 AS bytea), 4326))
      s_within(geometry, bbox(105, 14, 106, 15)) | ST_Within((i.geom), ST_GeomFromWKB(CAST(:cql0 AS bytea), 4326))
      T_INTERSECTS(occurred_at, INTERVAL('2025-01-01T00:00:00Z', '..')) | ((i.occurred_at) <= CAST('infinity' AS timestamptz) AND (i.occurred_at) >= CAST(:cql0 AS timestamptz))
      T_DURING(INTERVAL(occurred_at, reported_at), INTERVAL('..', '2026-01-01')) | ((i.occurred_at) >= (CAST(CAST('-infinity' AS date) + 1 AS timestamp) AT TIME ZONE 'UTC') AND (i.reported_at) < (CAST(CAST(:cql0 AS date) AS timestamp) AT TIME ZONE 'UTC'))
      T_BEFORE(day, TIMESTAMP('2026-01-01T12:00:00Z')) | ((CAST((i.day) AS timestamp) AT TIME ZONE 'UTC') < CAST(:cql0 AS timestamptz))
      """)
  void translatesWithEveryValueBound(String text, String expected) {
    assertThat(sql(text).where()).isEqualTo(expected);
  }

  @Test
  void valuesAreBoundTyped() {
    SqlFilter f = sql("type = 'it''s \\' x' AND severity = -3 AND distance > 1e3 AND occurred_at = "
        + "TIMESTAMP('2026-02-03T04:05:06.123456789Z') AND day = DATE('2024-02-29')");
    assertThat(f.params()).containsExactly(Map.entry("cql0", "it's ' x"), Map.entry("cql1", -3L),
        Map.entry("cql2", 1000.0),
        Map.entry("cql3", OffsetDateTime.of(2026, 2, 3, 4, 5, 6, 123456789, ZoneOffset.UTC)),
        Map.entry("cql4", LocalDate.of(2024, 2, 29)));
  }

  @Test
  void geometriesAreBoundAsWkbInTheFilterCrsAndTransformedWithTheServersSrid() throws Exception {
    SqlFilter utm = Cql2.parse("S_INTERSECTS(geometry, POLYGON((500000 1500000, 510000 1500000, 510000 1510000,"
        + " 500000 1500000)))", Q, 32648);
    assertThat(utm.where())
        .isEqualTo("ST_Intersects((i.geom), ST_Transform(ST_GeomFromWKB(CAST(:cql0 AS bytea), 32648), 4326))");
    Geometry g = new WKBReader().read((byte[]) utm.params().get("cql0"));
    assertThat(g.getGeometryType()).isEqualTo("Polygon");
    assertThat(g.getCoordinates()[1].x).isEqualTo(510000);
    // EPSG:4326 as an OGC URI is lat, lon: the axes are swapped to lon, lat
    SqlFilter latLon = Cql2.parse("S_INTERSECTS(geometry, POINT(14 105))", Q, 4326, true);
    Geometry p = new WKBReader().read((byte[]) latLon.params().get("cql0"));
    assertThat(p.getCoordinate().x).isEqualTo(105);
    assertThat(p.getCoordinate().y).isEqualTo(14);
    SqlFilter box = Cql2.parse("S_INTERSECTS(geometry, BBOX(14, 105, 15, 106))", Q, 4326, true);
    assertThat(new WKBReader().read((byte[]) box.params().get("cql0")).getEnvelopeInternal().getMinX())
        .isEqualTo(105);
    SqlFilter merc = Cql2.parse("S_INTERSECTS(geometry, BBOX(-1e6, -1e6, 1e6, 1e6, 50))".replace(", 50", ""), Q,
        3857);
    assertThat(merc.where()).contains("3857), 4326)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"and", "AND", "And", "aNd"})
  void keywordsAreCaseInsensitive(String and) {
    assertThat(sql("severity = 1 " + and + " type like 'U%' " + and + " s_intersects(geometry, point(1 2)) "
        + and + " t_after(occurred_at, timestamp('2020-01-01t00:00:00z'))").where()).contains(" AND ");
  }

  @Test
  void allTemporalFunctionsFollowTheTimeOntology() {
    String a = "INTERVAL(occurred_at, reported_at)";
    String b = "INTERVAL('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')";
    Map<String, String> expected = Map.ofEntries(
        Map.entry("T_AFTER", "(i.occurred_at) > E2"), Map.entry("T_BEFORE", "(i.reported_at) < B2"),
        Map.entry("T_DISJOINT", "(i.reported_at) < B2 OR (i.occurred_at) > E2"),
        Map.entry("T_EQUALS", "(i.occurred_at) = B2 AND (i.reported_at) = E2"),
        Map.entry("T_INTERSECTS", "(i.occurred_at) <= E2 AND (i.reported_at) >= B2"),
        Map.entry("T_CONTAINS", "(i.occurred_at) < B2 AND (i.reported_at) > E2"),
        Map.entry("T_DURING", "(i.occurred_at) > B2 AND (i.reported_at) < E2"),
        Map.entry("T_FINISHEDBY", "(i.occurred_at) < B2 AND (i.reported_at) = E2"),
        Map.entry("T_FINISHES", "(i.occurred_at) > B2 AND (i.reported_at) = E2"),
        Map.entry("T_MEETS", "(i.reported_at) = B2"), Map.entry("T_METBY", "(i.occurred_at) = E2"),
        Map.entry("T_OVERLAPPEDBY", "B2 < (i.occurred_at) AND (i.occurred_at) < E2 AND E2 < (i.reported_at)"),
        Map.entry("T_OVERLAPS", "(i.occurred_at) < B2 AND B2 < (i.reported_at) AND (i.reported_at) < E2"),
        Map.entry("T_STARTEDBY", "(i.occurred_at) = B2 AND (i.reported_at) > E2"),
        Map.entry("T_STARTS", "(i.occurred_at) = B2 AND (i.reported_at) < E2"));
    for (Ast.TemporalFn fn : Ast.TemporalFn.values()) {
      SqlFilter f = sql(fn.name() + "(" + a + ", " + b + ")");
      String where = f.where();
      // name the literal ends by their values
      for (Map.Entry<String, Object> p : f.params().entrySet()) {
        String end = ((OffsetDateTime) p.getValue()).getMonthValue() == 1 ? "B2" : "E2";
        where = where.replace("CAST(:" + p.getKey() + " AS timestamptz)", end);
      }
      assertThat(where).as(fn.name()).isEqualTo("(" + expected.get(fn.name()) + ")");
    }
  }

  // ------------------------------------------------------------------ refusals, with code and position

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      type = 'UXO' AND                          | 16 | error.cql2-unexpected-end
      type = 'UXO')                             | 12 | error.cql2-unbalanced
      (type = 'UXO'                             | 13 | error.cql2-unexpected-end
      type == 'UXO'                             | 6  | error.cql2-expected-operand
      tipe = 'UXO'                              | 0  | error.cql2-unknown-property
      TYPE = 'UXO'                              | 0  | error.cql2-unknown-property
      "type " = 'UXO'                           | 5  | error.cql2-unexpected-character
      type = 'UXO                               | 7  | error.cql2-unterminated-string
      type = "UXO"                              | 7  | error.cql2-unknown-property
      severity = '3'                            | 9  | error.cql2-type-mismatch
      type = 3                                  | 5  | error.cql2-type-mismatch
      disputed > FALSE                          | 9  | error.cql2-not-ordered
      geometry = 'POINT(1 2)'                   | 0  | error.cql2-not-comparable
      S_INTERSECTS(geometry, 'POINT(1 2)')      | 23 | error.cql2-type-expected
      S_INTERSECTS(type, POINT(1 2))            | 13 | error.cql2-type-expected
      severity LIKE '3%'                        | 0  | error.cql2-type-expected
      type BETWEEN 'A' AND 'B'                  | 0  | error.cql2-type-expected
      type LIKE 'abc\\'                         | 10 | error.cql2-unterminated-string
      type LIKE 'abc\\\\'                       | 10 | error.cql2-like-escape
      pg_sleep(10) = 1                          | 0  | error.cql2-unknown-function
      type = 'x' OR pg_sleep(10) IS NULL        | 14 | error.cql2-unknown-function
      S_DWITHIN(geometry, POINT(1 2), 10)       | 0  | error.cql2-unknown-function
      T_FOO(occurred_at, occurred_at)           | 0  | error.cql2-unknown-function
      A_CONTAINS(type, ('a'))                   | 0  | error.cql2-unsupported
      ACCENTI(type) = ACCENTI('é')              | 0  | error.cql2-unsupported
      severity + 1 > 2                          | 9  | error.cql2-expected-operator
      severity > (1 + 2)                        | 11 | error.cql2-unsupported
      severity > 1 - 2                          | 13 | error.cql2-expected-end
      T_DURING(occurred_at, INTERVAL('2025-01-01', '2025-02-01')) | 9 | error.cql2-intervals-only
      T_AFTER(type, DATE('2025-01-01'))         | 8  | error.cql2-type-expected
      T_AFTER(occurred_at, DATE('2025-02-30'))  | 26 | error.cql2-bad-date
      T_AFTER(occurred_at, TIMESTAMP('2025-01-01 00:00:00Z')) | 31 | error.cql2-bad-timestamp
      T_AFTER(occurred_at, TIMESTAMP('2025-01-01T24:00:00Z')) | 31 | error.cql2-bad-timestamp
      T_AFTER(occurred_at, TIMESTAMP('2025-01-01T00:00:00+07:00')) | 31 | error.cql2-bad-timestamp
      T_AFTER(occurred_at, INTERVAL('2025-02-01', '2025-01-01')) | 21 | error.cql2-interval-reversed
      S_INTERSECTS(geometry, POINT(181 0))      | 29 | error.cql2-coordinate-range
      S_INTERSECTS(geometry, POINT(0 -90.5))    | 29 | error.cql2-coordinate-range
      S_INTERSECTS(geometry, POINT(1))          | 30 | error.cql2-expected-number
      S_INTERSECTS(geometry, LINESTRING(1 2))   | 33 | error.cql2-too-few-points
      S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0.5))) | 23 | error.cql2-invalid-geometry
      S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))) | 23 | error.cql2-invalid-geometry
      S_INTERSECTS(geometry, BBOX(10, 0, 5, 1)) | 23 | error.cql2-bbox-order
      S_INTERSECTS(geometry, BBOX(1, 2, 3))     | 23 | error.cql2-bbox-arity
      S_INTERSECTS(geometry, GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 2)))) | 42 | error.cql2-nested-collection
      severity = 1e999                          | 11 | error.cql2-number-range
      severity = -1e400                         | 11 | error.cql2-number-range
      severity = NaN                            | 11 | error.cql2-unknown-property
      severity = 12abc                          | 11 | error.cql2-bad-number
      severity = 1e                             | 12 | error.cql2-bad-number
      ''                                        | 2  | error.cql2-unexpected-end
      type = 'a' ; DROP TABLE incident          | 11 | error.cql2-unexpected-character
      type = 'a' -- comment                     | 11 | error.cql2-expected-end
      type = 'a' /* c */                        | 11 | error.cql2-expected-end
      "type\"" = 'x'                            | 7  | error.cql2-unexpected-character
      "i.type" = 'x'                            | 0  | error.cql2-unknown-property
      """)
  void refusesNamingThePosition(String text, int position, String code) {
    Cql2Exception e = refused(text);
    assertThat(e.code()).as(text).isEqualTo(code);
    assertThat(e.position()).as(text).isEqualTo(position);
    ApiException api = e.toApiException();
    assertThat(api.status().value()).isEqualTo(400);
    assertThat(api.errors()).singleElement().satisfies(fe -> {
      assertThat(fe.field()).isEqualTo("filter");
      assertThat(fe.args()[0]).isEqualTo(Integer.toString(position + 1));
    });
  }

  /** The forms QGIS's CQL2 compiler writes (qgsoapifcql2textexpressioncompiler.cpp). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "((type = 'UXO') AND (severity >= 3))",
      "(NOT ((type = 'UXO')))",
      "((description IS NULL) OR (description IS NOT NULL))",
      "(CASEI(type) LIKE CASEI('%uxo%'))",
      "(CASEI(type) NOT LIKE CASEI('%uxo%'))",
      "(\"occurred_at\" >= TIMESTAMP('2024-01-01T00:00:00.000Z'))",
      "(day = DATE('2024-01-01'))",
      "S_INTERSECTS(geometry,BBOX(105.1,14.2,106.3,15.4))",
      "S_INTERSECTS(geometry,POINT(105.5 14.5))",
      "severity IN (1,2,3)",
      "severity NOT BETWEEN 1 AND 3",
      "(disputed = TRUE)",
      "(distance > 1e+20)",
      "(description = 'it''s a\\\\b')"
  })
  void qgisFormsTranslate(String text) {
    sql(text);
  }

  @Test
  void aDoubledBackslashIsOneBackslash() {
    assertThat(sql("description = 'a\\\\b' OR description LIKE 'x\\%' OR description = 'c\\\\'").params())
        .containsExactly(Map.entry("cql0", "a\\b"), Map.entry("cql1", "x\\%"), Map.entry("cql2", "c\\"));
  }

  @Test
  void literalComparisonsAreAllowedButSqlInjectionStaysAValue() {
    // 1=1 is valid CQL2 (literal = literal) yet still bound; the "injection" is a string value
    SqlFilter f = sql("type = 'x'' OR 1=1 --' OR 1 = 1");
    assertThat(f.where()).isEqualTo("(((i.type) = CAST(:cql0 AS text)) OR (CAST(:cql1 AS bigint) = CAST(:cql2 AS bigint)))");
    assertThat(f.params().get("cql0")).isEqualTo("x' OR 1=1 --");
    SqlFilter g = sql("type = '''); DROP TABLE incident; --' AND description LIKE '%'' || pg_sleep(10) || ''%'");
    assertThat(g.params()).containsValues("'); DROP TABLE incident; --", "%' || pg_sleep(10) || '%");
    // \\' is a quote too, so the string ends after '' and the rest is not CQL2
    assertThat(refused("description LIKE '%\\'' || pg_sleep(10)").position()).isEqualTo(23);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "type lıke 'x'",              // dotless i: not the keyword LIKE
      "type LİKE 'x'",              // dotted capital I
      "type \u212Aike 'x'",         // Kelvin sign K
      "ſ_intersects(geometry, POINT(1 2))", // long s
      "tуpe = 'x'",                 // Cyrillic у in the name
      "type\u0000= 'x'",
      "type = 'a\u0000b'",
      "type = 'a\u001bb'",
      "type = '\uD800'",            // unpaired surrogate
      "type\u200B= 'x'",            // zero width space inside a name: part of the identifier
      "type = 'x' \uFF21ND severity = 1", // fullwidth A
      "severity = \u0663",          // Arabic-Indic digit three
      "severity = １",              // fullwidth digit one
      "\uFEFFtype = 'x'"            // byte order mark
  })
  void unicodeTricksAreRefused(String text) {
    refused(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n", "\u3000"})
  void blankFiltersAreRefused(String text) {
    assertThat(refused(text).code()).isEqualTo("error.cql2-empty");
  }

  @Test
  void unicodeTextInValuesAndNamesIsFine() {
    Map<String, Queryable> km = Map.of("ប្រភេទ", Queryable.of("ប្រភេទ", QueryableType.STRING, "i.type"));
    SqlFilter f = Cql2.parse("ប្រភេទ = 'គ្រាប់មីន' OR \"ប្រភេទ\" LIKE 'ລາວ%'", km, 4326);
    assertThat(f.params()).containsValues("គ្រាប់មីន", "ລາວ%");
    assertThat(f.where()).doesNotContain("ប្រភេទ");
  }

  @Test
  void errorMessagesShortenLongNames() {
    String longName = "x".repeat(5000);
    Cql2Exception e = refused(longName + " = 1");
    assertThat((String) e.args()[1]).hasSizeLessThan(70);
  }

  // ------------------------------------------------------------------ bounds

  @Test
  void aHundredKilobyteFilterIsRefusedBeforeParsing() {
    String big = "type = '" + "x".repeat(100_000) + "'";
    Cql2Exception e = refused(big);
    assertThat(e.code()).isEqualTo("error.limit-filter-chars");
    assertThat(e.overLimit()).isTrue();
    ApiException api = e.toApiException();
    assertThat(api.status().value()).isEqualTo(422);
    assertThat(api.errors().get(0).field()).isEqualTo("filter");
    assertThat(api.errors().get(0).args()).containsExactly(16384L, (long) big.length());
    // refused before the lexer: an unterminated 100 KB string says "too long", not "unterminated"
    assertThat(refused("'" + "x".repeat(100_000)).code()).isEqualTo("error.limit-filter-chars");
  }

  @Test
  void deepNestingStopsAtTheLimitWithoutStackOverflow() {
    Limits.Filter roomy = new Limits.Filter(1_000_000, 32, 1_000_000, 1000, 10000);
    String deep = "(".repeat(10_000) + "type = 'x'" + ")".repeat(10_000);
    Cql2Exception e = refused(deep, roomy);
    assertThat(e.code()).isEqualTo("error.limit-filter-depth");
    assertThat(e.position()).isEqualTo(32);
    assertThat(refused("(".repeat(10_000), roomy).code()).isEqualTo("error.limit-filter-depth");
    assertThat(refused("CASEI(".repeat(10_000) + "type" + ")".repeat(10_000) + " = 'x'", roomy).code())
        .isEqualTo("error.limit-filter-depth");
    assertThat(refused("type LIKE " + "CASEI(".repeat(10_000) + "'x'" + ")".repeat(10_000), roomy).code())
        .isEqualTo("error.limit-filter-depth");
    // NOT NOT … is not in the grammar (one NOT per factor): refused at once, no recursion
    assertThat(refused("NOT ".repeat(10_000) + "type = 'x'", roomy).code()).isEqualTo("error.cql2-unknown-property");
    // 32 levels are fine
    sql("(".repeat(32) + "type = 'x'" + ")".repeat(32));
    // a long flat chain is a loop, bounded by the node count
    String chain = String.join(" OR ", java.util.Collections.nCopies(5000, "severity = 1"));
    assertThat(refused(chain, new Limits.Filter(1_000_000, 32, 2000, 1000, 10000)).code())
        .isEqualTo("error.limit-filter-nodes");
    Limits.Filter noNodeLimit = new Limits.Filter(1_000_000, 32, Integer.MAX_VALUE, 1000, 10000);
    assertThat(Cql2.parse(chain, Q, 4326, false, noNodeLimit).params()).hasSize(5000);
  }

  @Test
  void inListsAndCoordinatesAreBounded() {
    Limits.Filter small = new Limits.Filter(1_000_000, 32, 100_000, 10, 20);
    String in11 = "severity IN (" + String.join(",", java.util.Collections.nCopies(11, "1")) + ")";
    Cql2Exception e = refused(in11, small);
    assertThat(e.code()).isEqualTo("error.limit-filter-in-list");
    assertThat(e.toApiException().status().value()).isEqualTo(422);
    Cql2.parse("severity IN (" + String.join(",", java.util.Collections.nCopies(10, "1")) + ")", Q, 4326, false,
        small);
    StringBuilder line = new StringBuilder("S_INTERSECTS(geometry, LINESTRING(");
    for (int k = 0; k < 21; k++) {
      line.append(k == 0 ? "" : ", ").append(k * 0.1).append(' ').append(k * 0.1);
    }
    assertThat(refused(line + "))", small).code()).isEqualTo("error.limit-filter-coordinates");
  }

  @Test
  void onlyTheServersSridsAreAccepted() {
    assertThatThrownBy(() -> Cql2.parse("TRUE", Q, 2056)).isInstanceOf(IllegalArgumentException.class);
    assertThat(refused("S_INTERSECTS(geometry, POINT(500000 1500000))").code())
        .isEqualTo("error.cql2-coordinate-range");
    Cql2.parse("S_INTERSECTS(geometry, POINT(500000 1500000))", Q, 32648);
    assertThat(catchThrowableOfType(Cql2Exception.class,
        () -> Cql2.parse("S_INTERSECTS(geometry, POINT(5000000 1500000))", Q, 32648)).code())
        .isEqualTo("error.cql2-coordinate-range");
    assertThat(catchThrowableOfType(Cql2Exception.class,
        () -> Cql2.parse("S_INTERSECTS(geometry, POINT(0 2.1e7))", Q, 3857)).code())
        .isEqualTo("error.cql2-coordinate-range");
  }

  @Test
  void theDefaultsMatchTheConfiguration() throws Exception {
    // Limits.Filter.DEFAULTS (used without Spring) carries the same values as its @DefaultValue annotations
    java.lang.reflect.RecordComponent[] components = Limits.Filter.class.getRecordComponents();
    java.lang.reflect.Parameter[] parameters = Limits.Filter.class.getDeclaredConstructor(
        java.util.Arrays.stream(components).map(java.lang.reflect.RecordComponent::getType).toArray(Class[]::new))
        .getParameters();
    for (int k = 0; k < components.length; k++) {
      String annotated = parameters[k]
          .getAnnotation(org.springframework.boot.context.properties.bind.DefaultValue.class).value()[0];
      assertThat(String.valueOf(components[k].getAccessor().invoke(Limits.Filter.DEFAULTS)))
          .as(components[k].getName()).isEqualTo(annotated);
    }
  }
}
