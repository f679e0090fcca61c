package org.borderzone.border;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs of province pairs shorter than the minimum merge into their neighbour (sectors stay contiguous). */
class SectorSmoothingTest {

  @ParameterizedTest(name = "{0} (min {1}) -> {2}")
  @CsvSource(delimiter = ';', value = {
      "A A A B A A A; 3; A A A A A A A",
      "A A A B B B C C C; 3; A A A B B B C C C",
      "B A A A A; 3; A A A A A",
      "A A A A B; 3; A A A A A",
      "A B; 3; B B",
      "A A A B B A A A; 3; A A A A A A A A",
      "A; 3; A"})
  void shortRunsAreMerged(String in, int min, String expected) {
    List<String> values = Arrays.asList(in.split(" "));
    assertThat(BorderLoader.smoothRuns(values, min)).containsExactly(expected.split(" "));
  }

  @ParameterizedTest
  @CsvSource({"Preah Vihear, PVH", "Stung Treng, STG", "Ratanakiri, RTK", "Champasak, CPS", "Attapeu, ATP",
      "Oddar Meanchey, ODD"})
  void provinceAbbreviations(String province, String code) {
    assertThat(BorderLoader.abbreviation(province)).isEqualTo(code);
  }
}
