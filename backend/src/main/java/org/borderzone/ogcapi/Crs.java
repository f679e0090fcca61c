package org.borderzone.ogcapi;

import java.util.Arrays;
import java.util.List;
import org.borderzone.system.ApiException;

/**
 * The coordinate reference systems of OGC API – Features Part 2 that {@code /ogc} offers: storage is
 * EPSG:4326 with [lon, lat] axes, which is {@link #CRS84}. {@link #EPSG_4326} has the EPSG axis order
 * (latitude first): coordinates are flipped on output and bbox values are read lat-first. The two projected
 * systems are transformed by PostGIS. Nothing else is accepted (400 naming the parameter).
 */
enum Crs {
  CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 7,
      new double[] {-180, -90, 180, 90}),
  EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 7,
      new double[] {-90, -180, 90, 180}),
  EPSG_32648("http://www.opengis.net/def/crs/EPSG/0/32648", 32648, false, 2,
      new double[] {-5_000_000, -10_000_000, 6_000_000, 10_000_000}),
  EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 2,
      new double[] {-20_037_508.3427892, -20_037_508.3427892, 20_037_508.3427892, 20_037_508.3427892});

  /** The OGC URI of the system. */
  final String uri;
  /** The PostGIS SRID. */
  final int srid;
  /** Whether the first axis is latitude (northing): EPSG:4326. */
  final boolean latFirst;
  /** Decimals written: 7 for degrees (1 cm), 2 for metres. */
  final int digits;
  /** Valid coordinate range in the axis order of the system: min first axis, min second, max first, max second. */
  final double[] range;

  Crs(String uri, int srid, boolean latFirst, int digits, double[] range) {
    this.uri = uri;
    this.srid = srid;
    this.latFirst = latFirst;
    this.digits = digits;
    this.range = range;
  }

  static final List<String> URIS = Arrays.stream(values()).map(c -> c.uri).toList();

  /** Whether coordinates must be transformed (projected systems). */
  boolean projected() {
    return srid != 4326;
  }

  /** The {@code Content-Crs} header value. */
  String header() {
    return "<" + uri + ">";
  }

  /**
   * The system named by {@code value} (an OGC URI; surrounding {@code <>} of a header accepted), {@code dflt}
   * when absent, else 400 naming {@code field}.
   */
  static Crs parse(String value, String field, Crs dflt) {
    if (value == null) {
      return dflt;
    }
    String v = value.strip();
    if (v.startsWith("<") && v.endsWith(">")) {
      v = v.substring(1, v.length() - 1).strip();
    }
    for (Crs c : values()) {
      if (c.uri.equals(v)) {
        return c;
      }
    }
    throw ApiException.badField(field, "error.ogc-crs", OgcParams.clip(value), String.join(", ", URIS));
  }
}
