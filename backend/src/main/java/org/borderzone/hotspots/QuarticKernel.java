package org.borderzone.hotspots;

/**
 * Quartic (biweight) kernel density on a square grid, as in ArcGIS Kernel Density (Silverman 1986, eq. 4.5):
 *
 * <pre>
 *   K(d) = 3 / (π h²) · (1 − d²/h²)²   for d &lt; h, else 0        (h: bandwidth)
 * </pre>
 *
 * K integrates to 1 over the plane, so each incident adds one unit of mass and Σ density × cell area over a
 * grid that covers every kernel equals the number of incidents (up to the grid's discretisation). Units are
 * those of the inputs: with metres in, density is per m²; {@link DensityService} scales to per km².
 */
final class QuarticKernel {

  private QuarticKernel() {}

  static double k(double d2, double h) {
    double h2 = h * h;
    if (d2 >= h2) {
      return 0;
    }
    double u = 1 - d2 / h2;
    return 3.0 / (Math.PI * h2) * u * u;
  }

  /**
   * Adds the kernels of points (px, py) to a grid of {@code nx × ny} square cells of side {@code s} whose cell
   * (0, 0) has its lower-left corner at (x0, y0); the density is evaluated at each cell centre.
   * Returns density[ix * ny + iy] in the inputs' unit⁻².
   */
  static double[] grid(double[] px, double[] py, double h, double x0, double y0, double s, int nx, int ny) {
    double[] d = new double[nx * ny];
    for (int p = 0; p < px.length; p++) {
      int ixLo = Math.max(0, (int) Math.floor((px[p] - h - x0) / s));
      int ixHi = Math.min(nx - 1, (int) Math.floor((px[p] + h - x0) / s));
      int iyLo = Math.max(0, (int) Math.floor((py[p] - h - y0) / s));
      int iyHi = Math.min(ny - 1, (int) Math.floor((py[p] + h - y0) / s));
      for (int ix = ixLo; ix <= ixHi; ix++) {
        double dx = x0 + (ix + 0.5) * s - px[p];
        for (int iy = iyLo; iy <= iyHi; iy++) {
          double dy = y0 + (iy + 0.5) * s - py[p];
          double v = k(dx * dx + dy * dy, h);
          if (v > 0) {
            d[ix * ny + iy] += v;
          }
        }
      }
    }
    return d;
  }
}
