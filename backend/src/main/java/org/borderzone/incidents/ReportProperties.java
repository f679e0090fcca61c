package org.borderzone.incidents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code borderzone.report.*}: what a field report from a phone may carry (docs/API.md "Reporting from a phone").
 * Served to the map in {@code GET /api/config} so that the form warns before the server refuses.
 *
 * @param maxAccuracyM a GPS fix with a larger accuracy radius (metres) is refused (422 {@code location.accuracy})
 *     unless the request says the reporter confirmed it ({@code location.accuracyConfirmed}); 0 &lt; x ≤ 10 000
 * @param goodAccuracyM the map shows fixes up to this radius green (ODK accepts ≤ 5 m at once; ref. section 7)
 * @param fairAccuracyM and up to this radius amber, red above (Google Ground's bands: 5 and 15 m)
 * @param maxPhotoBytes the largest photo body (413 above, from {@code system.BodySizeLimitFilter})
 * @param maxPhotos photos one incident may have (422 {@code photos} for the next)
 */
@ConfigurationProperties("borderzone.report")
public record ReportProperties(
    @DefaultValue("100") double maxAccuracyM,
    @DefaultValue("5") double goodAccuracyM,
    @DefaultValue("15") double fairAccuracyM,
    @DefaultValue("5242880") long maxPhotoBytes,
    @DefaultValue("5") int maxPhotos) {

  public ReportProperties {
    if (!(maxAccuracyM > 0 && maxAccuracyM <= IncidentRules.MAX_ACCURACY_M)) {
      throw new IllegalArgumentException("borderzone.report.max-accuracy-m must be in (0, 10000], got " + maxAccuracyM);
    }
    if (!(goodAccuracyM > 0 && goodAccuracyM <= fairAccuracyM)) {
      throw new IllegalArgumentException("borderzone.report: need 0 < good-accuracy-m <= fair-accuracy-m");
    }
    if (maxPhotoBytes < 1024 || maxPhotoBytes > 50L * 1024 * 1024) {
      throw new IllegalArgumentException("borderzone.report.max-photo-bytes must be in [1 KiB, 50 MiB]");
    }
    if (maxPhotos < 0 || maxPhotos > 100) {
      throw new IllegalArgumentException("borderzone.report.max-photos must be in [0, 100]");
    }
  }
}
