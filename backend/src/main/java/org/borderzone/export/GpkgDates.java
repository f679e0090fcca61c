package org.borderzone.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** GeoPackage DATETIME text: ISO 8601 {@code YYYY-MM-DDTHH:MM:SS.SSSZ} in UTC (GeoPackage 1.3, Table 1). */
final class GpkgDates {

  private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private GpkgDates() {}

  static String dateTime(String iso) {
    return F.format(Instant.parse(iso));
  }
}
