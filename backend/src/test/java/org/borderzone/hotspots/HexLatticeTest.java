package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HexLatticeTest {

  private final HexLattice lat = new HexLattice(2000);

  /** PostGIS ST_HexagonGrid(1, …): cell (0,0) centred at (0,0), (1,0) at (1.5, √3/2), (0,1) at (0, √3). */
  @Test
  void centresMatchPostgis() {
    HexLattice unit = new HexLattice(1);
    assertThat(unit.centreX(1)).isEqualTo(1.5);
    assertThat(unit.centreY(1, 0)).isCloseTo(Math.sqrt(3) / 2, within(1e-12));
    assertThat(unit.centreY(0, 1)).isCloseTo(Math.sqrt(3), within(1e-12));
    assertThat(unit.area()).isCloseTo(1.5 * Math.sqrt(3), within(1e-12));
  }

  /** The assignment is the nearest centre (the hexagon is the Voronoi cell of its centre). */
  @Test
  void cellOfIsTheNearestCentre() {
    Random rnd = new Random(7);
    for (int k = 0; k < 20_000; k++) {
      double x = 500_000 + rnd.nextDouble() * 50_000;
      double y = 1_500_000 + rnd.nextDouble() * 50_000;
      int[] c = lat.cellOf(x, y);
      double best = Double.POSITIVE_INFINITY;
      int[] brute = null;
      int ci = (int) Math.round(x / (1.5 * 2000));
      for (int i = ci - 2; i <= ci + 2; i++) {
        int cj = (int) Math.round(y / (Math.sqrt(3) * 2000));
        for (int j = cj - 2; j <= cj + 2; j++) {
          double d = Math.hypot(x - lat.centreX(i), y - lat.centreY(i, j));
          if (d < best) {
            best = d;
            brute = new int[] {i, j};
          }
        }
      }
      assertThat(c).containsExactly(brute);
    }
  }
}
