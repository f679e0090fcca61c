package org.borderzone.tiles;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.borderzone.incidents.IncidentType;
import org.borderzone.system.ApiException;
import org.springframework.http.HttpStatus;

/**
 * The tile layers of {@code /tiles/{layer}/…} (docs/TILES.md): their MVT layers with the attributes (for the
 * TileJSON), zoom range, which {@code layer_version} counters they follow, and whether their content depends on
 * the reader's organisation (then the cache and the ETag are keyed by it).
 */
enum TileLayer {
  SEGMENTS("segments", false, List.of("segments"), List.of(new VectorLayer("segments", 0, 16, fields(
      "id", "Number", "code", "String", "seq", "Number", "sectorId", "Number", "status", "String",
      "statusSince", "String", "lengthM", "Number", "version", "Number")))),
  PILLARS("pillars", false, List.of("pillars"), List.of(new VectorLayer("pillars", 0, 16, fields(
      "id", "Number", "number", "String", "segmentId", "Number", "status", "String", "statusSince", "String",
      "lastInspectedAt", "String")))),
  INCIDENTS("incidents", true, List.of("incidents"), List.of(
      new VectorLayer("incidents", TileLayer.POINTS_FROM, 16, fields("id", "String", "type", "String",
          "severity", "Number", "status", "String", "occurredAt", "String", "releasability", "String",
          "ownerOrg", "String")),
      new VectorLayer("incident_cells", 0, TileLayer.POINTS_FROM - 1, cellFields()))),
  HOT_SEGMENTS("hot-segments", true, List.of("incidents", "segments"), List.of(new VectorLayer("hot_segments", 0,
      16, fields("id", "Number", "code", "String", "count", "Number", "ratePerKmMonth", "Number",
          "previousCount", "Number", "previousRate", "Number", "change", "Number", "changePct", "Number")))),
  GISTAR("gistar", true, List.of("incidents", "segments"), List.of(new VectorLayer("gistar", 0, 16, fields(
      "id", "String", "count", "Number", "z", "Number", "p", "Number", "q", "Number", "bin", "Number"))));

  /** Incidents are points from this zoom on, cells below. */
  static final int POINTS_FROM = 12;

  /** One MVT layer inside the tiles: its name, zoom range and attributes (name → type description). */
  record VectorLayer(String id, int minZoom, int maxZoom, Map<String, String> fields) {}

  final String id;
  final boolean perOrganisation;
  /** The {@code layer_version} rows whose sum is this layer's version (each only grows, so the sum moves). */
  final List<String> versionOf;
  final List<VectorLayer> vectorLayers;
  final int minZoom = 0;
  final int maxZoom = 16;

  TileLayer(String id, boolean perOrganisation, List<String> versionOf, List<VectorLayer> vectorLayers) {
    this.id = id;
    this.perOrganisation = perOrganisation;
    this.versionOf = versionOf;
    this.vectorLayers = vectorLayers;
  }

  static final String NAMES = Arrays.stream(values()).map(l -> l.id).collect(Collectors.joining(", "));

  /** The layer named {@code id}, else 404 naming {@code layer}. */
  static TileLayer of(String id) {
    for (TileLayer l : values()) {
      if (l.id.equals(id)) {
        return l;
      }
    }
    throw new ApiException(HttpStatus.NOT_FOUND, "problem.not-found",
        List.of(new ApiException.FieldError("layer", "error.tile-layer", id, NAMES)));
  }

  /** This layer's version from all counters. */
  long version(Map<String, Long> versions) {
    long v = 0;
    for (String l : versionOf) {
      v += versions.getOrDefault(l, 0L);
    }
    return v;
  }

  private static Map<String, String> fields(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int k = 0; k < kv.length; k += 2) {
      m.put(kv[k], kv[k + 1]);
    }
    return m;
  }

  private static Map<String, String> cellFields() {
    Map<String, String> m = fields("count", "Number", "maxSeverity", "Number");
    for (IncidentType t : IncidentType.values()) {
      m.put(t.name(), "Number");
    }
    return m;
  }
}
