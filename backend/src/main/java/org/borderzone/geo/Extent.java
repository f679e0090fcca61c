package org.borderzone.geo;

import org.borderzone.system.ApiException;

/**
 * An axis-aligned box in EPSG:4326 degrees (minLon, minLat, maxLon, maxLat), as in a GeoJSON {@code bbox}
 * and in OGC API {@code bbox} query parameters.
 */
public record Extent(double minLon, double minLat, double maxLon, double maxLat) implements Area {

  @Override
  public boolean contains(double lon, double lat) {
    return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
  }

  /**
   * Parses a {@code bbox} query parameter "minLon,minLat,maxLon,maxLat"; null when absent. Refuses four
   * numbers that are not finite, out of range or with min &gt;= max, naming the parameter.
   */
  public static Extent parseBbox(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] parts = text.split(",");
    if (parts.length != 4) {
      throw ApiException.badField(field, "error.bbox");
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw ApiException.badField(field, "error.bbox");
      }
      if (!Double.isFinite(v[i])) {
        throw ApiException.badField(field, "error.bbox");
      }
    }
    if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] >= v[2] || v[1] >= v[3]) {
      throw ApiException.badField(field, "error.bbox");
    }
    return new Extent(v[0], v[1], v[2], v[3]);
  }
}
