package org.borderzone.incidents;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.borderzone.i18n.Languages;
import org.borderzone.apidocs.ApiExamples;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Extent;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.borderzone.system.Idempotency;
import org.borderzone.system.JsonOut;
import org.borderzone.system.Limits;
import org.borderzone.system.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@code /api/incidents}: report, query, read and change the status of incidents, and bulk imports. Every
 * read goes through {@link Releasability}: an incident the caller may not see does not exist for them (404).
 */
@RestController
@RequestMapping("/api/incidents")
class IncidentController {

  private static final String[] GEO = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE};
  /** KML 2.2 (OGC 07-147r2, IANA). */
  static final String KML = "application/vnd.google-earth.kml+xml";
  /** GeoPackage (OGC 12-128r18, IANA). */
  static final String GPKG = "application/geopackage+sqlite3";

  private final IncidentService service;
  private final IncidentRepository repository;
  private final IncidentImportService imports;
  private final ImportJobs jobs;
  private final CurrentActor actor;
  private final ProblemWriter problems;
  private final JsonMapper json;
  private final Limits limits;
  private final Idempotency idempotency;

  IncidentController(IncidentService service, IncidentRepository repository, IncidentImportService imports,
      ImportJobs jobs, CurrentActor actor, ProblemWriter problems, JsonMapper json, Limits limits,
      Idempotency idempotency) {
    this.limits = limits;
    this.service = service;
    this.repository = repository;
    this.imports = imports;
    this.jobs = jobs;
    this.actor = actor;
    this.problems = problems;
    this.json = json;
    this.idempotency = idempotency;
  }

  /**
   * Reports one incident: a GeoJSON Feature with a Point. 201 with Location and the stored Feature. With an
   * {@code Idempotency-Key} header a retry answers the first answer instead of storing again ({@link Idempotency}).
   * With a client id ({@code properties.clientId}, or a UUID Idempotency-Key) the report is stored once per
   * user for good: a later send of the same report answers 200 with the stored incident, another report under
   * the same id 409 ({@link IncidentService#create(IncidentRules.IncidentFeature, Actor, String)}).
   */
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, GeoJsonMedia.GEO_JSON}, produces = GeoJsonMedia.GEO_JSON)
  @ApiResponse(responseCode = "201", description = "stored; Location names it",
      content = @Content(mediaType = GeoJsonMedia.GEO_JSON, schema = @Schema(ref = "Feature")))
  @ApiResponse(responseCode = "200", description = "stored earlier under the same client id: the stored incident",
      content = @Content(mediaType = GeoJsonMedia.GEO_JSON, schema = @Schema(ref = "Feature")))
  @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
      @Content(mediaType = GeoJsonMedia.GEO_JSON, schema = @Schema(implementation = IncidentRules.IncidentFeature.class),
          examples = @ExampleObject(value = ApiExamples.INCIDENT)),
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
          schema = @Schema(implementation = IncidentRules.IncidentFeature.class),
          examples = @ExampleObject(value = ApiExamples.INCIDENT))})
  ResponseEntity<String> create(HttpServletRequest request, @RequestBody IncidentRules.IncidentFeature body) {
    Actor who = actor.get();
    return idempotency.run(request, who, () -> {
      IncidentService.Created c = service.create(body, who, request.getHeader(Idempotency.HEADER));
      URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(c.id()).toUri();
      return ResponseEntity.status(c.existing() ? HttpStatus.OK : HttpStatus.CREATED).location(location)
          .contentType(MediaType.parseMediaType(GeoJsonMedia.GEO_JSON)).body(c.feature());
    });
  }

  /**
   * Incidents the caller may see, newest first, as a FeatureCollection with {@code numberMatched} (all that
   * match), {@code numberReturned} (this page) and {@code self}/{@code prev}/{@code next} links.
   */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  String list(@RequestParam(required = false) String bbox, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
      @RequestParam(required = false) String status, @RequestParam(required = false) String severity,
      @RequestParam(required = false) Integer minSeverity, @RequestParam(required = false) String source,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    IncidentQuery q = IncidentQuery.parse(bbox, from, to, type, status, severity, minSeverity, source, page, size);
    IncidentRepository.Page p = repository.find(q, actor.get());
    long returned = Math.max(0, Math.min(q.size(), p.numberMatched() - (long) q.page() * q.size()));
    ArrayNode links = json.createArrayNode();
    links.add(link("self", q.page(), q.size()));
    if (q.page() > 0) {
      links.add(link("prev", q.page() - 1, q.size()));
    }
    if ((long) (q.page() + 1) * q.size() < p.numberMatched()) {
      links.add(link("next", q.page() + 1, q.size()));
    }
    ObjectNode fc = json.createObjectNode().put("type", "FeatureCollection").put("numberMatched", p.numberMatched())
        .put("numberReturned", returned).put("page", q.page()).put("size", q.size());
    fc.set("links", links);
    fc.putRawValue("features", new RawValue(p.featuresJson())); // the Features as PostGIS wrote them
    return json.writeValueAsString(fc);
  }

  private ObjectNode link(String rel, int page, int size) {
    String href = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page)
        .replaceQueryParam("size", size).build().toUriString();
    return json.createObjectNode().put("rel", rel).put("type", GeoJsonMedia.GEO_JSON).put("href", href);
  }

  /**
   * The same filters aggregated on a grid for the map at low zoom: {@code zoom} (0–22, web-map zoom level;
   * cells of 360 / 2^zoom / 4 degrees, about 64 px) or {@code cellDeg} (0.0001–10). One Point per non-empty
   * cell with {@code count}, {@code maxSeverity}, {@code dominantType}; {@code numberMatched} is the total.
   * At most {@code borderzone.limits.cells} cells in the bbox (or the area of interest), else 422; streamed.
   */
  @GetMapping(path = "/grid", produces = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  void grid(@RequestParam(required = false) String bbox, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
      @RequestParam(required = false) String status, @RequestParam(required = false) String severity,
      @RequestParam(required = false) Integer minSeverity, @RequestParam(required = false) String source,
      @RequestParam(required = false) Integer zoom, @RequestParam(required = false) Double cellDeg,
      HttpServletRequest req, HttpServletResponse res) {
    IncidentQuery q = IncidentQuery.parse(bbox, from, to, type, status, severity, minSeverity, source, 0, 1);
    double cell;
    if (cellDeg != null) {
      if (!Double.isFinite(cellDeg) || cellDeg < 0.0001 || cellDeg > 10) {
        throw ApiException.badField("cellDeg", "error.range", 0.0001, 10);
      }
      cell = cellDeg;
    } else {
      int z = zoom == null ? 8 : zoom;
      if (z < 0 || z > 22) {
        throw ApiException.badField("zoom", "error.range", 0, 22);
      }
      cell = 360.0 / (1L << z) / 4;
    }
    Actor me = actor.get();
    // The cells of the box (or of the area of interest, which holds every incident), known before the query:
    // a fine grid needs a bbox (the map always sends the visible one).
    Extent box = q.bbox() == null ? AreaOfInterest.CAMBODIA_LAOS.extent() : q.bbox();
    double cells = Math.ceil((box.maxLon() - box.minLon()) / cell + 1) * Math.ceil((box.maxLat() - box.minLat()) / cell + 1);
    Limits.check(cellDeg != null ? "cellDeg" : "zoom", "error.limit-cells", limits.cells(),
        (long) Math.min(cells, Long.MAX_VALUE));
    try (JsonOut out = JsonOut.geoJson(req, res, json)) {
      repository.grid(q, cell, me, out);
    }
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  String one(@PathVariable UUID id) {
    return repository.findFeature(id, actor.get()).orElseThrow(() -> ApiException.notFound("incident", id));
  }

  /** {@code {status, version, reason?}}; transitions in {@link IncidentStatus}. */
  @PostMapping(path = "/{id}/status", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  String changeStatus(@PathVariable UUID id, @RequestBody IncidentService.StatusChange body) {
    return service.changeStatus(id, body, actor.get());
  }

  /**
   * Bulk import of {@code text/csv} or a GeoJSON FeatureCollection ({@code application/geo+json} or
   * {@code application/json}). All-or-nothing. Small files: 201 with {@code {jobId, imported, ids}}; bad
   * records: 422 listing them; large files or {@code async=true}: 202 and a job to poll. With an
   * {@code Idempotency-Key} header a retry answers the first answer (the 201, or the 202 of the same job).
   */
  @PostMapping(path = "/import", consumes = {"text/csv", GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE, KML,
      GPKG})
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the file; the format is"
      + " chosen by Content-Type (docs/IMPORTS.md)", content = {
      @Content(mediaType = "text/csv", schema = @Schema(type = "string"), examples = @ExampleObject(
          value = ApiExamples.CSV)),
      @Content(mediaType = GeoJsonMedia.GEO_JSON, schema = @Schema(ref = "FeatureCollection"), examples =
          @ExampleObject(value = ApiExamples.FEATURE_COLLECTION)),
      @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "FeatureCollection")),
      @Content(mediaType = KML, schema = @Schema(type = "string"), examples = @ExampleObject(value = ApiExamples.KML)),
      @Content(mediaType = GPKG, schema = @Schema(type = "string", format = "binary"))})
  @ApiResponse(responseCode = "201", description = "imported in the request",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "ImportResult")))
  @ApiResponse(responseCode = "202", description = "a job; poll Location",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "ImportJob")))
  ResponseEntity<String> importIncidents(HttpServletRequest request,
      @RequestHeader("Content-Type") String contentType,
      @RequestParam(defaultValue = "false") boolean async,
      @RequestParam(required = false) String table) throws IOException {
    IncidentImportService.Format format = format(contentType);
    if (table != null && format != IncidentImportService.Format.GPKG) {
      throw ApiException.badField("table", "error.table-only-gpkg");
    }
    Actor who = actor.get();
    try (IncidentImportService.Spool spool = imports.spool(request.getInputStream(), format, table)) {
      return idempotency.run(request, who, () -> importResponse(imports.importSpool(spool, async, who), who));
    }
  }

  /** The import format of a Content-Type (one of those {@code consumes} let through). */
  static IncidentImportService.Format format(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
    return switch (t) {
      case "text/csv" -> IncidentImportService.Format.CSV;
      case KML -> IncidentImportService.Format.KML;
      case GPKG -> IncidentImportService.Format.GPKG;
      default -> IncidentImportService.Format.GEOJSON;
    };
  }

  private ResponseEntity<String> importResponse(IncidentImportService.Outcome o, Actor who) {
    URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/jobs/{id}")
        .buildAndExpand(o.jobId()).toUri();
    if (o.async()) {
      String job = jobs.find(o.jobId(), who).orElseThrow();
      return ResponseEntity.accepted().location(location).contentType(MediaType.APPLICATION_JSON).body(job);
    }
    ObjectNode body = json.createObjectNode();
    body.put("jobId", o.jobId().toString());
    body.put("rows", o.result().rows());
    body.put("imported", o.result().imported());
    body.set("ids", json.readTree(o.result().idsJson() == null ? "[]" : o.result().idsJson()));
    body.set("ignoredColumns", json.valueToTree(o.ignoredColumns()));
    return ResponseEntity.created(location).contentType(MediaType.APPLICATION_JSON)
        .body(json.writeValueAsString(body));
  }

  /** State and progress of an import job of the caller's organisation (else 404). */
  @GetMapping(path = "/import/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "200", description = "the job",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "ImportJob")))
  String job(@PathVariable String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("import job", id);
    }
    return jobs.find(uuid, actor.get()).orElseThrow(() -> ApiException.notFound("import job", id));
  }

  /** 422 listing every bad record as {@code {line, field, message}} (at most 1000, then a count). */
  @ExceptionHandler(IncidentImportService.Refused.class)
  ResponseEntity<ProblemDetail> refused(HttpServletRequest req, IncidentImportService.Refused e) {
    IncidentBulkLoader.Result r = e.result;
    ProblemDetail pd = problems.toProblem(req, new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
        "problem.import-refused", List.of(), r.problemCount(), r.rows()));
    pd.setProperty("errors", jobs.render(r.problems(), Languages.locale(req)));
    pd.setProperty("errorCount", r.problemCount());
    pd.setProperty("errorsOmitted", Math.max(0, r.problemCount() - r.problems().size()));
    pd.setProperty("rows", r.rows());
    pd.setProperty("invalidRows", r.invalidRows());
    pd.setProperty("imported", 0);
    if (!r.problems().isEmpty()) {
      pd.setProperty("field", r.problems().get(0).field());
    }
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(pd);
  }
}
