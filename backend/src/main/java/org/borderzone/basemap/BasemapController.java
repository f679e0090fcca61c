package org.borderzone.basemap;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.borderzone.incidents.ReportProperties;
import org.borderzone.segments.SegmentStatus;
import org.borderzone.system.ApiException;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the map needs besides the segments: the offline base map (country outlines, places, the Mekong),
 * the disputed areas and the client configuration. Base map layers are static reference data, so they are
 * sent with a day of {@code Cache-Control}.
 */
@RestController
class BasemapController {

  /** Largest accepted simplification tolerance in metres. */
  static final double MAX_SIMPLIFY_M = 10_000;

  static final CacheControl STATIC_DATA = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

  /**
   * Files shipped with the server (data/basemap): they change only with a release, so a phone in the field may
   * keep them a month rather than a day.
   */
  static final CacheControl SHIPPED_DATA = CacheControl.maxAge(Duration.ofDays(30)).cachePublic();

  /** Pillar statuses, as in the {@code pillar.status} check constraint. */
  static final List<String> PILLAR_STATUSES = List.of("PLANNED", "PLACED", "VERIFIED", "DAMAGED", "MISSING");

  private static final MediaType GEO_JSON = MediaType.parseMediaType(GeoJsonMedia.GEO_JSON);

  private final BasemapQueries queries;
  private final BasemapProperties props;
  private final Resource mekong = new ClassPathResource("data/basemap/mekong-border-section-naturalearth.geojson");
  private final Resource water = new ClassPathResource("data/basemap/khm-lao-water-naturalearth.geojson");

  private final ReportProperties report;

  BasemapController(BasemapQueries queries, BasemapProperties props, ReportProperties report) {
    this.queries = queries;
    this.props = props;
    this.report = report;
  }

  /** Cambodia and Laos, simplified with a tolerance of {@code simplify} metres (0..10000, default 50). */
  @GetMapping(path = "/api/basemap/countries", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<String> countries(@RequestParam(defaultValue = "50") String simplify) {
    double tolerance;
    try {
      tolerance = Double.parseDouble(simplify.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badField("simplify", "error.wrong-type", simplify);
    }
    if (!Double.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_SIMPLIFY_M) {
      throw ApiException.badField("simplify", "error.simplify-range", simplify, (long) MAX_SIMPLIFY_M);
    }
    String body = queries.countries(tolerance);
    return ResponseEntity.ok().cacheControl(STATIC_DATA).contentType(GEO_JSON).body(body);
  }

  /** GeoNames populated places within 100 km of the border. */
  @GetMapping(path = "/api/basemap/places", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<String> places() {
    String body = queries.places();
    return ResponseEntity.ok().cacheControl(STATIC_DATA).contentType(GEO_JSON).body(body);
  }

  /** The Mekong near the border (Natural Earth 1:50m), served as shipped in data/basemap. */
  @GetMapping(path = "/api/basemap/mekong", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<Resource> mekong() {
    return ResponseEntity.ok().cacheControl(STATIC_DATA).contentType(GEO_JSON).body(mekong);
  }

  /**
   * Rivers (lines) and lakes (polygons) within 75 km of the border, Natural Earth 1:10m (public domain), as
   * shipped in data/basemap (data/PROVENANCE.md: extraction and counts). Compressed by the server (gzip) like
   * every GeoJSON answer.
   */
  @GetMapping(path = "/api/basemap/water", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<Resource> water() {
    return ResponseEntity.ok().cacheControl(SHIPPED_DATA).contentType(GEO_JSON).body(water);
  }

  /** Disputed areas with the segments they touch. Joint data: not cached, it changes with commission work. */
  @GetMapping(path = "/api/disputed-areas", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<String> disputedAreas() {
    String body = queries.disputedAreas();
    return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(GEO_JSON).body(body);
  }

  /** One status with the i18n key of its label. */
  record StatusInfo(String code, String key, boolean demarcated) {}

  /**
   * The client configuration of the map.
   *
   * @param extent the border line's extent [minLon, minLat, maxLon, maxLat] in EPSG:4326 (absent before import)
   * @param tileUrl optional online tile layer URL template (absent: offline base map only)
   */
  record MapConfig(List<Double> extent, String tileUrl, String tileAttribution, List<StatusInfo> statuses,
      List<StatusInfo> pillarStatuses, int pillarMinZoom, ReportConfig report) {}

  /**
   * What a field report may carry ({@code borderzone.report.*}): the accuracy limit and the colour bands of a
   * fix in metres, the largest photo in bytes and the photos per incident.
   */
  record ReportConfig(double maxAccuracyM, double goodAccuracyM, double fairAccuracyM, long maxPhotoBytes,
      int maxPhotos) {}

  /** Zoom level from which pillars are drawn. */
  static final int PILLAR_MIN_ZOOM = 11;

  @GetMapping(path = "/api/config", produces = "application/json")
  ResponseEntity<MapConfig> config() {
    String extentJson = queries.borderExtent().orElse(null);
    List<Double> extent = extentJson == null ? null
        : Arrays.stream(extentJson.replaceAll("[\\[\\]\\s]", "").split(",")).map(Double::valueOf).toList();
    List<StatusInfo> statuses = Arrays.stream(SegmentStatus.values())
        .map(s -> new StatusInfo(s.name(), "status." + s.name(), s.demarcated())).toList();
    List<StatusInfo> pillarStatuses = PILLAR_STATUSES.stream()
        .map(s -> new StatusInfo(s, "pillarStatus." + s, false)).toList();
    return ResponseEntity.ok().cacheControl(CacheControl.noCache())
        .body(new MapConfig(extent, props.tileUrl(), props.tileAttribution(), statuses, pillarStatuses,
            PILLAR_MIN_ZOOM, new ReportConfig(report.maxAccuracyM(), report.goodAccuracyM(), report.fairAccuracyM(),
                report.maxPhotoBytes(), report.maxPhotos())));
  }
}
