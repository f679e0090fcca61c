package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit tests of the CSV reader, time parsing, status rules, the visibility rule and the demo generator. */
class IncidentUnitTest {

  @Test
  void csvReaderHandlesQuotesNewlinesBlankLinesAndReportsStartLines() throws Exception {
    CsvRecords r = new CsvRecords(new ByteArrayInputStream(
        "\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n\"multi\nline\",2,\n last , 5 ,6".getBytes(StandardCharsets.UTF_8)));
    List<CsvRecords.Row> rows = new ArrayList<>();
    for (CsvRecords.Row row; (row = r.next()) != null; ) {
      rows.add(row);
    }
    assertThat(rows).extracting(CsvRecords.Row::line).containsExactly(1, 2, 4, 6);
    assertThat(rows.get(0).fields()).containsExactly("a", "b", "c");
    assertThat(rows.get(1).fields()).containsExactly("1", "x, \"y\"", "3");
    assertThat(rows.get(2).fields()).containsExactly("multi\nline", "2", "");
    assertThat(rows.get(3).fields()).containsExactly("last", "5", "6");
    assertThat(rows).allSatisfy(row -> assertThat(row.bareQuoteColumn()).isZero());
  }

  @Test
  void csvSyntaxErrorsNameLineAndColumn() throws Exception {
    CsvRecords unclosed = new CsvRecords(new ByteArrayInputStream(
        "a,b,c\n1,2,3\n4,\"five,6\n7,8,9\n".getBytes(StandardCharsets.UTF_8)));
    unclosed.next();
    unclosed.next();
    CsvRecords.SyntaxError e = org.assertj.core.api.Assertions.catchThrowableOfType(CsvRecords.SyntaxError.class,
        unclosed::next);
    assertThat(e.code).isEqualTo("error.csv-unclosed-quote");
    assertThat(e.line).isEqualTo(3);
    assertThat(e.column).isEqualTo(2);
    CsvRecords after = new CsvRecords(new ByteArrayInputStream("a,b\n\"x\"y,2\n".getBytes(StandardCharsets.UTF_8)));
    after.next();
    e = org.assertj.core.api.Assertions.catchThrowableOfType(CsvRecords.SyntaxError.class, after::next);
    assertThat(e.code).isEqualTo("error.csv-after-quote");
    assertThat(e.line).isEqualTo(2);
    assertThat(e.column).isEqualTo(1);
    CsvRecords bare = new CsvRecords(new ByteArrayInputStream("a,b\n1,x\"y\n".getBytes(StandardCharsets.UTF_8)));
    bare.next();
    assertThat(bare.next().bareQuoteColumn()).isEqualTo(2);
  }

  @Test
  void csvSourceReportsRaggedRecordsAndBareQuotesPerLine() throws Exception {
    String csv = "lon,lat,occurredAt,type,severity,description,source\n"
        + "106.1,14.2,2025-01-01,OTHER,1,a,s\n106.1,14.2,2025-01-01,OTHER,1,b,s,extra\n"
        + "106.1,14.2,2025-01-01,OTHER,1,Row \"3,s\n106.1,14.2,2025-01-01,OTHER,1,d,s\n";
    List<Problem> problems = new ArrayList<>();
    try (ImportSource.Csv src = new ImportSource.Csv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
        new IncidentRules(java.time.Clock.systemUTC()), new org.borderzone.system.Actor("u", org.borderzone.system.Organisation.of("KH"), org.borderzone.system.Role.PLANNER))) {
      while (src.next(problems) != null) {
        // read all
      }
    }
    assertThat(problems).extracting(Problem::line).containsExactly(3, 4);
    assertThat(problems).extracting(Problem::field).containsExactly("column 8", "description");
  }

  @ParameterizedTest
  @CsvSource({"2025-03-01T10:15:30Z, 2025-03-01T10:15:30Z", "2025-03-01T17:15:30+07:00, 2025-03-01T10:15:30Z",
      "2025-03-01T10:15:30, 2025-03-01T10:15:30Z", "2025-03-01 10:15:30, 2025-03-01T10:15:30Z",
      "2025-03-01, 2025-03-01T00:00Z"})
  void timesAreIso8601WithUtcForLocalValues(String in, String utc) {
    assertThat(IncidentRules.parseTime(in).toInstant()).isEqualTo(java.time.OffsetDateTime.parse(utc).toInstant());
  }

  @ParameterizedTest
  @CsvSource({"01/03/2025", "yesterday", "2025-13-01", "1700000000"})
  void otherTimeFormatsAreRefused(String in) {
    assertThat(IncidentRules.parseTime(in)).isNull();
  }

  @Test
  void statusTransitions() {
    assertThat(IncidentStatus.REPORTED.canMoveTo(IncidentStatus.VERIFIED)).isTrue();
    assertThat(IncidentStatus.REPORTED.canMoveTo(IncidentStatus.DISMISSED)).isTrue();
    assertThat(IncidentStatus.REPORTED.canMoveTo(IncidentStatus.CLOSED)).isFalse();
    assertThat(IncidentStatus.VERIFIED.canMoveTo(IncidentStatus.CLOSED)).isTrue();
    assertThat(IncidentStatus.VERIFIED.canMoveTo(IncidentStatus.DISMISSED)).isTrue();
    assertThat(IncidentStatus.VERIFIED.canMoveTo(IncidentStatus.REPORTED)).isFalse();
    for (IncidentStatus s : IncidentStatus.values()) {
      assertThat(IncidentStatus.CLOSED.canMoveTo(s)).isFalse();
      assertThat(IncidentStatus.DISMISSED.canMoveTo(s)).isFalse();
    }
  }

  @Test
  void predicateIsAConstantWithABoundOrganisation() {
    // SHARED, the owner, or an open release to the viewer (issue 12); the organisation is always bound
    assertThat(Releasability.PREDICATE).isEqualTo("(i.releasability = 'SHARED' or i.owner_org = :viewerOrg"
        + " or i.id in (select rel.incident_id from incident_release rel where rel.to_org = :viewerOrg"
        + " and rel.withdrawn_at is null))");
    assertThat(Releasability.predicate("x")).isEqualTo("(x.releasability = 'SHARED' or x.owner_org = :viewerOrg"
        + " or x.id in (select rel.incident_id from incident_release rel where rel.to_org = :viewerOrg"
        + " and rel.withdrawn_at is null))");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Releasability.predicate("i; drop table incident"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void demoGeneratorIsDeterministicSeasonalAndMostlyShared() {
    List<DemoIncidents.Seg> segs = List.of(new DemoIncidents.Seg(105.2, 14.34, 106.0, 13.92, "LA", "KH", "LA"),
        new DemoIncidents.Seg(106.0, 13.92, 107.55, 14.69, "LA", "KH", "LA"));
    var a = DemoIncidents.generate(segs, new Random(7));
    var b = DemoIncidents.generate(segs, new Random(7));
    assertThat(a).hasSize(DemoIncidents.COUNT).isEqualTo(b);
    long shared = a.stream().filter(s -> s.incident().releasability().equals("SHARED")).count();
    assertThat(shared / (double) a.size()).isBetween(0.67, 0.73);
    long disasterWet = a.stream().filter(s -> s.incident().type() == IncidentType.DISASTER)
        .filter(s -> s.incident().occurredAt().getMonthValue() >= 5 && s.incident().occurredAt().getMonthValue() <= 10).count();
    long disaster = a.stream().filter(s -> s.incident().type() == IncidentType.DISASTER).count();
    assertThat(disasterWet / (double) disaster).isGreaterThan(0.8);
    long smugglingDry = a.stream().filter(s -> s.incident().type() == IncidentType.SMUGGLING)
        .filter(s -> s.incident().occurredAt().getMonthValue() >= 11 || s.incident().occurredAt().getMonthValue() <= 4).count();
    long smuggling = a.stream().filter(s -> s.incident().type() == IncidentType.SMUGGLING).count();
    assertThat(smugglingDry / (double) smuggling).isGreaterThan(0.6);
    assertThat(a).allSatisfy(s -> assertThat(s.incident().occurredAt().toLocalDate())
        .isBetween(DemoIncidents.FIRST_DAY, DemoIncidents.LAST_DAY));
  }
}
