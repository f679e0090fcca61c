package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalTest {

  /** Critical values of the ArcGIS bins and tail values from standard tables. */
  @ParameterizedTest
  @CsvSource({
      "1.6448536269514722, 0.10", "1.959963984540054, 0.05", "2.5758293035489004, 0.01",
      "0, 1", "1, 0.31731050786291415", "3, 0.0026997960632601866", "-3, 0.0026997960632601866"})
  void twoSidedP(double z, double p) {
    assertThat(Normal.twoSidedP(z)).isCloseTo(p, within(1e-13));
  }

  @ParameterizedTest
  @CsvSource({"5, 1.5374597944280349e-12", "8, 1.1224297172982928e-29", "3, 2.209049699858544e-05",
      "0.5, 0.4795001221869535", "2.9, 4.109787809945886e-05", "2.01, 0.004475150644751763", "1.99, 0.004888586800383003"})
  void erfcKeepsRelativePrecisionInTheTail(double x, double erfc) {
    assertThat(Normal.erfc(x) / erfc).isCloseTo(1.0, within(1e-12));
  }
}
