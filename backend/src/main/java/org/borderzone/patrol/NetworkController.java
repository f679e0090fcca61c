package org.borderzone.patrol;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.borderzone.apidocs.ApiExamples;
import org.borderzone.geo.Extent;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Limits;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/network}: the patrol network as GeoJSON, and its import (GeoJSON, KML or GeoPackage). */
@RestController
@RequestMapping("/api/network")
class NetworkController {

  static final String KML = "application/vnd.google-earth.kml+xml";
  static final String GPKG = "application/geopackage+sqlite3";

  private final NetworkService service;
  private final CurrentActor actor;
  private final Limits limits;

  NetworkController(NetworkService service, CurrentActor actor, Limits limits) {
    this.service = service;
    this.actor = actor;
    this.limits = limits;
  }

  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(required = false) String bbox) {
    return service.geoJson(Extent.parseBbox(bbox, "bbox"), limits.networkEdges());
  }

  /**
   * Replaces the network by a GeoJSON FeatureCollection of LineStrings ({@code kind} road|track|trail|ferry,
   * optional {@code name}), noded with end-point snapping tolerance {@code snapM} metres (default 5).
   */
  @PostMapping(path = "/import", consumes = {"application/json", GeoJsonMedia.GEO_JSON}, produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  String importNetwork(@RequestBody NetworkService.NetworkBody body, @RequestParam(defaultValue = "5") double snapM) {
    return service.importNetwork(body, snapM, actor.get()).json();
  }

  /** The same from KML 2.2: Placemarks with a LineString, {@code kind} in ExtendedData, {@code name}. */
  @PostMapping(path = "/import", consumes = KML, produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = KML,
      schema = @Schema(type = "string"), examples = @ExampleObject(value = ApiExamples.NETWORK_KML)))
  String importKml(HttpServletRequest request, @RequestParam(defaultValue = "5") double snapM) throws IOException {
    var in = request.getInputStream();
    return service.importLines(() -> NetworkService.parseKml(in), snapM, actor.get()).json();
  }

  /**
   * The same from a GeoPackage line table (columns {@code kind}, {@code name}; {@code table} when it has
   * several), spooled to a temporary file bounded by the body limit and deleted afterwards.
   */
  @PostMapping(path = "/import", consumes = GPKG, produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = GPKG,
      schema = @Schema(type = "string", format = "binary")))
  String importGeoPackage(HttpServletRequest request, @RequestParam(defaultValue = "5") double snapM,
      @RequestParam(required = false) String table) throws IOException {
    Path file = Files.createTempFile("borderzone-network-", ".gpkg");
    try {
      try (var in = request.getInputStream()) {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return service.importLines(() -> {
        try {
          return NetworkService.parseGeoPackage(file, table);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, snapM, actor.get()).json();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
