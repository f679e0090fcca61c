package org.borderzone.basemap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Map settings ({@code borderzone.map.*}).
 *
 * @param tileUrl optional raster tile URL template ({@code {z}/{x}/{y}}); empty means the offline base map only
 * @param tileAttribution attribution HTML-free text shown for that tile layer
 */
@ConfigurationProperties("borderzone.map")
record BasemapProperties(String tileUrl, String tileAttribution) {

  BasemapProperties {
    tileUrl = tileUrl == null || tileUrl.isBlank() ? null : tileUrl.trim();
    tileAttribution = tileAttribution == null || tileAttribution.isBlank() ? null : tileAttribution.trim();
  }
}
