package org.borderzone.hotspots;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.borderzone.system.JsonOut;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/hotspots}: statistics over the incidents of the border zone that the caller may see, for a time
 * window ({@code from}, {@code to}) and type filter ({@code type}, comma-separated), as GeoJSON
 * FeatureCollections (EPSG:4326) with a {@code metadata} member. See {@code docs/HOTSPOTS.md}. The cell
 * views are written to the response as they are produced ({@link JsonOut}); what a request may cost is
 * bounded by {@code borderzone.limits} (docs/LIMITS.md).
 */
@RestController
@RequestMapping(path = "/api/hotspots", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
class HotspotController {

  private final HotspotService hotspots;
  private final ClusterService clusters;
  private final DensityService density;
  private final CurrentActor actor;
  private final JsonMapper json;

  HotspotController(HotspotService hotspots, ClusterService clusters, DensityService density, CurrentActor actor,
      JsonMapper json) {
    this.hotspots = hotspots;
    this.clusters = clusters;
    this.density = density;
    this.actor = actor;
    this.json = json;
  }

  /** Getis-Ord Gi* per hexagon: count, z, p (and q with FDR), bin −3…+3. {@code cellKm} is the hexagon edge. */
  @GetMapping
  void giStar(@RequestParam(required = false) Double cellKm, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
      @RequestParam(required = false) Double bandKm, @RequestParam(required = false) Boolean fdr,
      HttpServletRequest req, HttpServletResponse res) {
    double cell = HotspotFilter.range(cellKm, 2.0, 0.5, 50, "cellKm");
    if (bandKm != null) {
      HotspotFilter.range(bandKm, 0, 0.001, 500, "bandKm");
    }
    HotspotFilter filter = filter(from, to, type);
    try (JsonOut out = JsonOut.geoJson(req, res, json)) {
      hotspots.hotspots(filter, cell, bandKm, fdr == null || fdr, out);
    }
  }

  /** DBSCAN clusters as convex hulls. */
  @GetMapping("/clusters")
  String clusters(@RequestParam(required = false) Double epsM, @RequestParam(required = false) Integer minPoints,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String type) {
    double eps = HotspotFilter.range(epsM, 500, 10, 20_000, "epsM");
    int min = HotspotFilter.range(minPoints, 5, 2, 10_000, "minPoints");
    return clusters.clusters(filter(from, to, type), eps, min);
  }

  /** Quartic kernel density (incidents per km²) on a square grid. */
  @GetMapping("/density")
  void density(@RequestParam(required = false) Double bandwidthKm, @RequestParam(required = false) Double cellKm,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String type, HttpServletRequest req, HttpServletResponse res) {
    double h = HotspotFilter.range(bandwidthKm, 3.0, 0.2, 50, "bandwidthKm");
    double cell = HotspotFilter.range(cellKm, 1.0, 0.1, 20, "cellKm");
    HotspotFilter filter = filter(from, to, type);
    try (JsonOut out = JsonOut.geoJson(req, res, json)) {
      density.density(filter, h, cell, out);
    }
  }

  /** Emerging hot spots: Gi* per month or week and a Mann–Kendall trend per cell, classified. */
  @GetMapping("/emerging")
  void emerging(@RequestParam(required = false) String slice, @RequestParam(required = false) Double cellKm,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String type, @RequestParam(required = false) Boolean fdr,
      HttpServletRequest req, HttpServletResponse res) {
    HotspotService.Slice s = HotspotService.Slice.parse(slice);
    double cell = HotspotFilter.range(cellKm, 2.0, 0.5, 50, "cellKm");
    HotspotFilter filter = filter(from, to, type);
    try (JsonOut out = JsonOut.geoJson(req, res, json)) {
      hotspots.emerging(filter, s, cell, fdr == null || fdr, out);
    }
  }

  /**
   * One hexagon's monthly (or weekly) series as the emerging view computes it: counts, Gi* z and bin per
   * slice, the Mann–Kendall trend of the z-scores with its significance, and the category (the hot-cell chart,
   * docs/CHARTS.md). {@code cell} is the {@code i_j} id of the Gi* and emerging answers and tiles; 404 when it is
   * not a hexagon of the zone at {@code cellKm}.
   */
  @GetMapping(path = "/cell", produces = "application/json")
  HotspotService.CellSeries cell(@RequestParam(required = false) String cell,
      @RequestParam(required = false) String slice, @RequestParam(required = false) Double cellKm,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String type, @RequestParam(required = false) Boolean fdr) {
    HotspotService.cellKey(cell);
    HotspotService.Slice s = HotspotService.Slice.parse(slice);
    double size = HotspotFilter.range(cellKm, 2.0, 0.5, 50, "cellKm");
    return hotspots.cellSeries(cell, filter(from, to, type), s, size, fdr == null || fdr);
  }

  private HotspotFilter filter(String from, String to, String type) {
    return HotspotFilter.parse(from, to, type, actor.get().orgCode());
  }
}
