package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.borderzone.system.ApiException;

/**
 * Fuzzing of the CQL2 parser (no database): random token soups, random Unicode text and mutations of valid
 * filters (the standard's examples and ours) never end in anything but a translated filter whose SQL holds no
 * request text, or a {@link Cql2Exception} with a position inside the text that becomes a 400/422 naming
 * {@code filter}. Tries: jqwik.tries.default (junit-platform.properties; {@code make fuzz} raises it).
 */
class Cql2FuzzTest {

  private static final Map<String, Queryable> Q = Cql2Test.Q;

  private static final List<String> FRAGMENTS = List.of("(", ")", "(", ")", ",", " ", " ", " ", "AND", "or", "NOT",
      "type", "severity", "distance", "disputed", "occurred_at", "day", "geometry", "\"type\"", "'x'", "'UXO'",
      "''", "'", "\"", "\\", "1", "-2.5", "1e3", "1e999", ".", "e", "=", "<", ">", "<>", "<=", ">=", "+", "*",
      "S_INTERSECTS", "s_within", "S_CROSSES", "T_INTERSECTS", "T_DURING", "t_meets", "POINT", "LINESTRING",
      "POLYGON", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "BBOX", "Z", "INTERVAL", "'..'", "TIMESTAMP", "DATE",
      "'2025-01-01'", "'2025-01-01T00:00:00Z'", "CASEI", "ACCENTI", "LIKE", "'%a_\\%'", "IN", "BETWEEN", "IS",
      "NULL", "TRUE", "false", "pg_sleep", "105 14", "0 0, 1 0, 1 1, 0 0", "\u0000", "ı", "\u3000", "\uD800",
      "ប", ";", "--", "/*");

  private static final List<String> VALID = List.of(
      "type = 'UXO' AND severity >= 3",
      "CASEI(description) LIKE CASEI('%mine%') OR severity NOT BETWEEN 2 AND 4",
      "type IN ('UXO', 'SMUGGLING') AND NOT disputed = TRUE",
      "S_INTERSECTS(geometry, POLYGON((105 14, 106 14, 106 15, 105 15, 105 14)))",
      "S_WITHIN(geometry, BBOX(105, 14, 106, 15)) AND description IS NOT NULL",
      "T_INTERSECTS(occurred_at, INTERVAL('2025-01-01T00:00:00Z', '..'))",
      "T_DURING(INTERVAL(occurred_at, reported_at), INTERVAL('2025-01-01', '2026-01-01'))",
      "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(105 14), LINESTRING(105 14, 106 15)))",
      "occurred_at >= DATE('2025-06-01') AND (severity = 1 OR severity = 5)");

  @Provide
  Arbitrary<String> tokenSoup() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> spacedTokens() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<String> unicode() {
    return Arbitraries.strings().all().ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> mutated() throws IOException {
    List<String> seeds = new java.util.ArrayList<>(VALID);
    Cql2ExamplesTest.examples().forEach(e -> seeds.add(e.text()));
    Arbitrary<String> seed = Arbitraries.of(seeds);
    Arbitrary<Character> ch = Arbitraries.oneOf(Arbitraries.of('(', ')', '\'', '"', ',', ' ', '-', '.', '\\', 'e',
        '0', '9', '\u0000', '\u0131'), Arbitraries.chars());
    return seed.flatMap(s -> Combinators.combine(Arbitraries.integers().between(0, s.length()),
        Arbitraries.integers().between(0, 3), ch, Arbitraries.integers().between(0, 2)).as((at, len, c, mode) -> {
          int end = Math.min(s.length(), at + len);
          return switch (mode) {
            case 0 -> s.substring(0, at) + c + s.substring(at); // insert
            case 1 -> s.substring(0, at) + s.substring(end); // delete
            default -> s.substring(0, at) + c + s.substring(end); // replace
          };
        }));
  }

  @Property
  void tokenSoupsNeverFailOtherwise(@ForAll("tokenSoup") String text) {
    check(text);
  }

  @Property
  void spacedTokensNeverFailOtherwise(@ForAll("spacedTokens") String text) {
    check(text);
  }

  @Property
  void unicodeNeverFailsOtherwise(@ForAll("unicode") String text) {
    check(text);
  }

  @Property
  void mutatedFiltersNeverFailOtherwise(@ForAll("mutated") String text) {
    check(text);
  }

  @Property
  void mutatedFiltersInEveryCrs(@ForAll("mutated") String text, @ForAll("srid") int srid) {
    try {
      Cql2.parse(text, Cql2ExamplesTest.EXAMPLES, srid, srid == 4326);
    } catch (Cql2Exception e) {
      assertThat(e.position()).isBetween(0, text.length());
    }
  }

  @Provide
  Arbitrary<Integer> srid() {
    return Arbitraries.of(4326, 32648, 3857);
  }

  private static void check(String text) {
    SqlFilter f;
    try {
      f = Cql2.parse(text, Q, 4326);
    } catch (Cql2Exception e) {
      assertThat(e.position()).as(text).isBetween(0, Math.max(text.length(), 16384));
      ApiException api = e.toApiException();
      assertThat(api.status().value()).isIn(400, 422);
      assertThat(api.errors()).singleElement().satisfies(fe -> assertThat(fe.field()).isEqualTo("filter"));
      return;
    }
    Cql2TestSupport.assertNoRequestText(text, f, Q);
  }
}
