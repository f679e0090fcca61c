package org.borderzone.geo;

/** Where positions may lie: a test on {@code [lon, lat]} in EPSG:4326 degrees. */
public interface Area {

  boolean contains(double lon, double lat);
}
