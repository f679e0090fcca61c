package org.borderzone.system;

/** Media types of our responses. */
public final class GeoJsonMedia {

  /** RFC 7946 GeoJSON. */
  public static final String GEO_JSON = "application/geo+json";

  private GeoJsonMedia() {}
}
