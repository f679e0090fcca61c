package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.borderzone.support.JsonArbitraries;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonBody;

/**
 * Fuzzing of the import readers (no database): the strict CSV reader and the streamed GeoJSON reader never
 * fail with anything but a reported problem (an {@link ApiException} or a {@link Problem} naming line and
 * field), syntax errors name their line and column, and valid files round-trip. Tries: jqwik.tries.default
 * (junit-platform.properties; {@code make fuzz} raises it).
 */
class ImportReadersFuzzTest {

  private static final IncidentRules RULES = new IncidentRules(Clock.systemUTC());
  private static final Actor ACTOR = new Actor("fuzz", org.borderzone.system.Organisation.of("KH"), org.borderzone.system.Role.PLANNER);
  private static final String HEADER = "lon,lat,occurredAt,type,severity,description,source";

  // ------------------------------------------------------------------ CSV

  @Provide
  Arbitrary<String> csvText() {
    Arbitrary<Character> chars = Arbitraries.of('a', '1', '.', ',', ',', '"', '"', '\n', '\r', ' ', '\u00e9', '\u0000');
    Arbitrary<String> junk = chars.list().ofMaxSize(300).map(l -> {
      StringBuilder sb = new StringBuilder();
      l.forEach(sb::append);
      return sb.toString();
    });
    return Arbitraries.oneOf(junk, junk.map(j -> HEADER + "\n" + j), validCsv().map(CsvFile::text)
        .flatMap(t -> Combinators.combine(Arbitraries.integers().between(0, t.length()), chars)
            .as((i, c) -> t.substring(0, i) + c + t.substring(i))));
  }

  /** A generated valid file: the fields of every record, and the text (all fields quoted, as RFC 4180 allows). */
  record CsvFile(List<List<String>> rows, String text, List<Integer> lines) {}

  @Provide
  Arbitrary<CsvFile> validCsv() {
    Arbitrary<String> field = Arbitraries.strings().withChars("ab ,\"\n\r\u00e9\u1780;'").ofMaxLength(12);
    return Arbitraries.integers().between(1, 5).flatMap(cols -> field.list().ofSize(cols).list().ofMinSize(1)
        .ofMaxSize(8).map(rows -> {
          StringBuilder sb = new StringBuilder();
          List<Integer> lines = new ArrayList<>();
          int line = 1;
          for (List<String> r : rows) {
            lines.add(line);
            List<String> quoted = new ArrayList<>();
            for (String f : r) {
              quoted.add('"' + f.replace("\"", "\"\"") + '"');
              line += breaks(f);
            }
            sb.append(String.join(",", quoted)).append("\r\n");
            line++;
          }
          return new CsvFile(rows, sb.toString(), lines);
        }));
  }

  private static int breaks(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n').chars().map(c -> c == '\n' ? 1 : 0).sum();
  }

  @Property
  void csvRecordsRoundTrip(@ForAll("validCsv") CsvFile f) throws Exception {
    CsvRecords r = new CsvRecords(new ByteArrayInputStream(f.text().getBytes(StandardCharsets.UTF_8)));
    List<List<String>> read = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (CsvRecords.Row row; (row = r.next()) != null; ) {
      read.add(row.fields());
      lines.add(row.line());
      assertThat(row.bareQuoteColumn()).isZero();
    }
    assertThat(read).isEqualTo(f.rows());
    assertThat(lines).isEqualTo(f.lines());
  }

  @Property
  void csvRecordsFailOnlyWithASyntaxErrorNamingLineAndColumn(@ForAll("csvText") String text) throws Exception {
    CsvRecords r = new CsvRecords(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    int last = 0;
    try {
      for (CsvRecords.Row row; (row = r.next()) != null; ) {
        assertThat(row.line()).isGreaterThan(last);
        last = row.line();
      }
    } catch (CsvRecords.SyntaxError e) {
      assertThat(e.line).isGreaterThanOrEqualTo(Math.max(1, last));
      assertThat(e.column).isPositive();
      assertThat(e.code).startsWith("error.csv-");
    }
  }

  /** An opening quote that never closes, anywhere in a file without quotes: refused at that line and column. */
  @Property
  void anUnclosedQuoteIsAnErrorAtItsLineAndColumn(@ForAll("plainRows") List<List<String>> rows,
      @ForAll("index") int r, @ForAll("index") int c) throws Exception {
    int row = r % rows.size();
    int col = c % rows.get(0).size();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      List<String> fields = new ArrayList<>(rows.get(i));
      if (i == row) {
        fields.set(col, "\"" + fields.get(col));
      }
      sb.append(String.join(",", fields)).append('\n');
    }
    CsvRecords in = new CsvRecords(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
    CsvRecords.SyntaxError error = null;
    int seen = 0;
    try {
      while (in.next() != null) {
        seen++;
      }
    } catch (CsvRecords.SyntaxError e) {
      error = e;
    }
    assertThat(error).as(sb.toString()).isNotNull();
    assertThat(seen).isEqualTo(row);
    assertThat(error.line).isEqualTo(row + 1);
    assertThat(error.column).isEqualTo(col + 1);
    assertThat(error.code).isEqualTo("error.csv-unclosed-quote");
  }

  @Provide
  Arbitrary<List<List<String>>> plainRows() {
    Arbitrary<String> field = Arbitraries.strings().withChars("abc019.-_").ofMinLength(1).ofMaxLength(8);
    return Arbitraries.integers().between(1, 6).flatMap(cols -> field.list().ofSize(cols).list().ofMinSize(1)
        .ofMaxSize(10));
  }

  @Provide
  Arbitrary<Integer> index() {
    return Arbitraries.integers().between(0, 1000);
  }

  /** The import's CSV source over any text: problems name a line (or the header) and a field, nothing else fails. */
  @Property
  void csvImportSourceReportsProblemsOnly(@ForAll("csvText") String text) throws Exception {
    List<Problem> problems = new ArrayList<>();
    try (ImportSource.Csv src = new ImportSource.Csv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        RULES, ACTOR)) {
      problems.addAll(src.headerProblems());
      while (src.next(problems) != null) {
        // all records are read
      }
    } catch (ApiException e) {
      assertThat(e.errors()).allSatisfy(fe -> assertThat(fe.field()).isNotBlank());
    }
    assertThat(problems).allSatisfy(p -> {
      assertThat(p.field()).isNotBlank();
      assertThat(p.code()).startsWith("error.");
    });
  }

  // ------------------------------------------------------------------ GeoJSON

  record Incident(double lon, double lat, IncidentType type, int severity, OffsetDateTime occurredAt) {
    String feature() {
      return String.format(Locale.ROOT, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
          + "[%s,%s]},\"properties\":{\"type\":\"%s\",\"severity\":%d,\"occurredAt\":\"%s\"}}",
          lon, lat, type, severity, occurredAt);
    }
  }

  @Provide
  Arbitrary<List<Incident>> incidents() {
    return Combinators.combine(Arbitraries.doubles().between(103.5, 106.5), Arbitraries.doubles().between(12.0, 14.2),
        Arbitraries.of(IncidentType.class), Arbitraries.integers().between(1, 5),
        Arbitraries.longs().between(1_500_000_000L, 1_750_000_000L))
        .as((lon, lat, t, s, sec) -> new Incident(lon, lat, t, s,
            OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(sec), ZoneOffset.UTC)))
        .list().ofMinSize(1).ofMaxSize(5);
  }

  private static String collection(List<Incident> list) {
    return "{\"type\":\"FeatureCollection\",\"features\":["
        + String.join(",", list.stream().map(Incident::feature).toList()) + "]}";
  }

  private static List<NewIncident> readGeoJson(String text, List<Problem> problems) throws Exception {
    List<NewIncident> out = new ArrayList<>();
    try (ImportSource.GeoJson src = new ImportSource.GeoJson(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), JsonBody.MAPPER, RULES, ACTOR)) {
      for (ImportSource.Item item; (item = src.next(problems)) != null; ) {
        assertThat(item.line()).isPositive();
        out.add(item.incident());
      }
    }
    return out;
  }

  @Property
  void geoJsonRoundTrips(@ForAll("incidents") List<Incident> list) throws Exception {
    List<Problem> problems = new ArrayList<>();
    List<NewIncident> read = readGeoJson(collection(list), problems);
    assertThat(problems).isEmpty();
    assertThat(read).hasSize(list.size());
    for (int i = 0; i < list.size(); i++) {
      Incident want = list.get(i);
      NewIncident got = read.get(i);
      assertThat(got.lon()).isEqualTo(want.lon());
      assertThat(got.lat()).isEqualTo(want.lat());
      assertThat(got.type()).isEqualTo(want.type());
      assertThat(got.severity()).isEqualTo(want.severity());
      assertThat(got.occurredAt().toInstant()).isEqualTo(want.occurredAt().toInstant());
    }
  }

  /** Built once: mutations of two valid collections (one feature, three features) and random JSON. */
  private static final Arbitrary<String> HOSTILE_GEOJSON = Arbitraries.oneOf(
      JsonArbitraries.mutations(collection(List.of(new Incident(106.1, 14.2, IncidentType.UXO, 3,
          OffsetDateTime.parse("2025-01-02T03:04:05Z"))))),
      JsonArbitraries.mutations(collection(List.of(
          new Incident(105.5, 13.9, IncidentType.SMUGGLING, 1, OffsetDateTime.parse("2024-05-06T00:00:00Z")),
          new Incident(106.5, 14.9, IncidentType.OTHER, 5, OffsetDateTime.parse("2025-06-07T08:00:00+07:00")),
          new Incident(107.0, 14.5, IncidentType.DISASTER, 2, OffsetDateTime.parse("2023-01-01T00:00:00Z"))))),
      JsonArbitraries.values(3));

  @Provide
  Arbitrary<String> hostileGeoJson() {
    return HOSTILE_GEOJSON;
  }

  /** Any text: an ApiException naming a path (the file as a whole) or problems naming feature and field. */
  @Property
  void geoJsonReaderReportsProblemsOnly(@ForAll("hostileGeoJson") String text) throws Exception {
    List<Problem> problems = new ArrayList<>();
    try {
      readGeoJson(text, problems);
    } catch (ApiException e) {
      assertThat(e.errors()).isNotEmpty().allSatisfy(fe -> assertThat(fe.field()).isNotBlank());
      return;
    }
    assertThat(problems).allSatisfy(p -> {
      assertThat(p.line()).isPositive();
      assertThat(p.field()).startsWith("features[");
    });
  }

  /** A valid collection followed by anything that is not blank is refused. */
  @Property
  void geoJsonIsOneDocument(@ForAll("incidents") List<Incident> list, @ForAll("garbage") String after)
      throws Exception {
    List<Problem> problems = new ArrayList<>();
    ApiException e = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
        () -> readGeoJson(collection(list) + after, problems));
    assertThat(e).as(after).isNotNull();
    assertThat(e.errors().get(0).field()).isEqualTo("body");
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(JsonArbitraries.trailing().filter(t -> !t.equals(" /* */")),
        JsonArbitraries.values(2).map(v -> " " + v));
  }
}
