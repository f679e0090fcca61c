package org.borderzone.tiles;

/** Web Mercator (EPSG:3857) tile arithmetic of the XYZ scheme (y from the top), as ST_TileEnvelope does. */
final class TileMath {

  /** Half the width of the Web Mercator square, metres. */
  static final double HALF = 20037508.342789244;

  private TileMath() {}

  /** [minX, minY, maxX, maxY] of tile z/x/y, grown by {@code margin} (a fraction of the tile side). */
  static double[] envelope(int z, int x, int y, double margin) {
    double size = 2 * HALF / (1L << z);
    double minX = -HALF + x * size;
    double maxY = HALF - y * size;
    double m = margin * size;
    return new double[] {minX - m, maxY - size - m, minX + size + m, maxY + m};
  }
}
