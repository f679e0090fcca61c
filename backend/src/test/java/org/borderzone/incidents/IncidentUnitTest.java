package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Unit tests of the CSV reader, time parsing, status rules, the visibility rule and the demo generator. */
class IncidentUnitTest {

  @Test
  void csvReaderHandlesQuotesNewlinesBlankLinesAndReportsStartLines() throws IOException {
    CsvReader r = new CsvReader(new StringReader("\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n\"multi\nline\",2,\n last , 5 ,6"));
    List<CsvReader.Row> rows = new ArrayList<>();
    for (CsvReader.Row row; (row = r.next()) != null; ) {
      rows.add(row);
    }
    assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1, 2, 4, 6);
    assertThat(rows.get(0).fields()).containsExactly("a", "b", "c");
    assertThat(rows.get(1).fields()).containsExactly("1", "x, \"y\"", "3");
    assertThat(rows.get(2).fields()).containsExactly("multi\nline", "2", "");
    assertThat(rows.get(3).fields()).containsExactly("last", "5", "6");
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
    assertThat(Releasability.PREDICATE).isEqualTo("(i.releasability = 'SHARED' or i.owner_org = :viewerOrg)");
    assertThat(Releasability.predicate("x")).isEqualTo("(x.releasability = 'SHARED' or x.owner_org = :viewerOrg)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Releasability.predicate("i; drop table incident"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void demoGeneratorIsDeterministicSeasonalAndMostlyShared() {
    List<DemoIncidents.Seg> segs = List.of(new DemoIncidents.Seg(105.2, 14.34, 106.0, 13.92, "LA"),
        new DemoIncidents.Seg(106.0, 13.92, 107.55, 14.69, "LA"));
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
