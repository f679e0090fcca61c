package org.borderzone.hotspots;

/**
 * The hexagon lattice of PostGIS {@code ST_HexagonGrid(size, bounds)} in projected metres (here UTM 48N):
 * flat-topped hexagons with edge (= circumradius) {@code a = size}; cell (i, j) is centred at
 *
 * <pre>
 *   x = 1.5 a i          y = sqrt(3) a (j + 0.5 (i mod 2))     (odd columns shifted up by half a row)
 * </pre>
 *
 * Neighbouring centres are sqrt(3)·a apart (the across-flats width). {@link #cellOf} is the Java twin of the
 * SQL assignment in {@link HotspotSql#HEX_COUNTS}: the nearest centre among the two candidate columns.
 */
record HexLattice(double a) {

  static final double SQRT3 = Math.sqrt(3.0);

  /** Distance between neighbouring centres (across-flats width), metres. */
  double spacing() {
    return SQRT3 * a;
  }

  /** Hexagon area in m². */
  double area() {
    return 1.5 * SQRT3 * a * a;
  }

  double centreX(int i) {
    return 1.5 * a * i;
  }

  double centreY(int i, int j) {
    return SQRT3 * a * (j + 0.5 * (i & 1));
  }

  /** The cell {i, j} that contains (x, y). */
  int[] cellOf(double x, double y) {
    double fx = x / (1.5 * a);
    double fy = y / (SQRT3 * a);
    int i0 = (int) Math.floor(fx);
    int i1 = i0 + 1;
    int j0 = (int) Math.floor(fy - 0.5 * (i0 & 1) + 0.5);
    int j1 = (int) Math.floor(fy - 0.5 * (i1 & 1) + 0.5);
    double d0 = 2.25 * sq(fx - i0) + 3 * sq(fy - j0 - 0.5 * (i0 & 1));
    double d1 = 2.25 * sq(fx - i1) + 3 * sq(fy - j1 - 0.5 * (i1 & 1));
    return d0 <= d1 ? new int[] {i0, j0} : new int[] {i1, j1};
  }

  private static double sq(double v) {
    return v * v;
  }
}
