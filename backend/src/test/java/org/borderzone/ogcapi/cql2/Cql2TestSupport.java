package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Registries for the tests and the check that SQL holds nothing of the request text. */
final class Cql2TestSupport {

  private Cql2TestSupport() {}

  /** Pairs of (space-separated names, type): each name becomes a queryable whose column is {@code t.c<n>}. */
  static Map<String, Queryable> registry(Object... namesAndTypes) {
    Map<String, Queryable> m = new LinkedHashMap<>();
    for (int k = 0; k < namesAndTypes.length; k += 2) {
      for (String n : ((String) namesAndTypes[k]).split(" ")) {
        m.put(n, Queryable.of(n, (QueryableType) namesAndTypes[k + 1], "t.c" + m.size()));
      }
    }
    return m;
  }

  /** The SQL keywords, functions and casts the translator may write; everything else is a column or a param. */
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
  private static final java.util.Set<String> ALLOWED = java.util.Set.of("AND", "OR", "NOT", "TRUE", "FALSE",
      "LIKE", "ESCAPE", "BETWEEN", "IN", "IS", "NULL", "CAST", "AS", "text", "bigint", "double", "precision",
      "boolean", "timestamptz", "timestamp", "date", "bytea", "lower", "AT", "TIME", "ZONE", "UTC", "infinity",
      "ST_GeomFromWKB", "ST_Transform", "ST_Intersects", "ST_Equals", "ST_Disjoint", "ST_Touches", "ST_Within",
      "ST_Overlaps", "ST_Crosses", "ST_Contains");

  /**
   * The SQL text is made only of allowed words, the registry's columns ({@code t.c<n>}), params
   * ({@code :cql<n>}), SRIDs, operators and punctuation: no word of the request text that is not also one of
   * those, and no quote but the fixed {@code '\'}, {@code 'UTC'} and {@code '(-)infinity'}.
   */
  static void assertNoRequestText(String text, SqlFilter f, Map<String, Queryable> registry) {
    String sql = f.where();
    String stripped = sql.replaceAll(":cql[0-9]+", " ");
    for (String column : registry.values().stream().map(Queryable::column)
        .sorted(java.util.Comparator.comparing(String::length).reversed()).toList()) {
      stripped = stripped.replace("(" + column + ")", "( )");
    }
    stripped = stripped
        .replace("'\\'", " ").replace("'UTC'", " ").replace(" AS date) + 1 AS ", " AS date) AS ").replace("'-infinity'", " ").replace("'infinity'", " ");
    assertThat(stripped).as(sql).doesNotContain("'").doesNotContain("\"").doesNotContain(";").doesNotContain("--")
        .doesNotContain("/*");
    Matcher m = WORD.matcher(stripped);
    while (m.find()) {
      assertThat(ALLOWED).as("word %s in %s (filter %s)", m.group(), sql, text).contains(m.group());
    }
    assertThat(stripped.replaceAll("[A-Za-z_]+", " ").replaceAll("\\b(4326|32648|3857)\\b", " "))
        .as("no number of the request in %s", sql).doesNotContainPattern("[0-9]");
    for (int k = 0; k < f.params().size(); k++) {
      assertThat(sql).contains(":cql" + k);
    }
  }
}
