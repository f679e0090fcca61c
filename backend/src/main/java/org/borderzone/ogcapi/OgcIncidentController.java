package org.borderzone.ogcapi;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.borderzone.incidents.IncidentWrites;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.borderzone.system.Idempotency;
import org.borderzone.system.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OGC API – Features Part 4 (draft) for the incidents collection only, on {@link IncidentWrites} (the
 * service behind {@code POST /api/incidents} and the status change): no second write path, so validation,
 * ownership, releasability, idempotency ({@code Idempotency-Key}) and audit are the same.
 * <ul>
 *   <li>POST: 201, {@code Location} ending in {@code /items/{id}}, the stored feature, {@code Content-Crs};</li>
 *   <li>PUT: an incident's facts never change; its status may, for the roles and owners that may change it
 *       ({@code IncidentService.replace});</li>
 *   <li>DELETE: refused (405 with {@code Allow}): incident reports are evidence and stay in the audit trail; a
 *       wrong report is DISMISSED.</li>
 * </ul>
 * A body in another CRS carries {@code Content-Crs} (QGIS sends it, axes in the CRS's order); its Point is
 * transformed to EPSG:4326 [lon, lat] before the rules see it.
 */
@RestController
@RequestMapping("/ogc/collections/incidents/items")
class OgcIncidentController {

  private final IncidentWrites writes;
  private final OgcController reads;
  private final OgcQueries queries;
  private final CurrentActor actor;
  private final Idempotency idempotency;
  private final JsonMapper json;
  private final ProblemWriter problems;

  OgcIncidentController(IncidentWrites writes, OgcController reads, OgcQueries queries, CurrentActor actor,
      Idempotency idempotency, JsonMapper json, ProblemWriter problems) {
    this.writes = writes;
    this.reads = reads;
    this.queries = queries;
    this.actor = actor;
    this.idempotency = idempotency;
    this.json = json;
    this.problems = problems;
  }

  @PostMapping(consumes = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  ResponseEntity<String> create(HttpServletRequest request, @RequestBody JsonNode body,
      @RequestHeader(name = "Content-Crs", required = false) String contentCrs) {
    Crs crs = Crs.parse(contentCrs, "Content-Crs", Crs.CRS84);
    JsonNode feature = toWgs84(body, crs);
    Actor who = actor.get();
    Collections.Collection c = Collections.get("incidents");
    return idempotency.run(request, who, () -> {
      UUID id = writes.create(feature, who);
      String stored = reads.feature(c, id.toString(), Crs.CRS84, who);
      URI location = URI.create(OgcLinks.base() + "/collections/incidents/items/" + id);
      return ResponseEntity.created(location).contentType(MediaType.parseMediaType(OgcLinks.GEO_JSON))
          .header("Content-Crs", Crs.CRS84.header()).body(stored);
    });
  }

  @PutMapping(path = "/{featureId}", consumes = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  ResponseEntity<String> replace(@PathVariable String featureId, @RequestBody JsonNode body,
      @RequestHeader(name = "Content-Crs", required = false) String contentCrs) {
    Crs crs = Crs.parse(contentCrs, "Content-Crs", Crs.CRS84);
    Collections.Collection c = Collections.get("incidents");
    Object key = OgcParams.keyOrNull(featureId, c);
    if (key == null) {
      throw OgcParams.notFound("featureId", "error.ogc-unknown-feature", OgcParams.clip(featureId), c.id());
    }
    Actor who = actor.get();
    writes.replace((UUID) key, toWgs84(body, crs), who);
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.GEO_JSON))
        .header("Content-Crs", Crs.CRS84.header()).body(reads.feature(c, featureId, Crs.CRS84, who));
  }

  /** 405 with {@code Allow} and a problem saying why: incidents are never deleted (dismiss instead). */
  @DeleteMapping("/{featureId}")
  ResponseEntity<ProblemDetail> delete(HttpServletRequest request, @PathVariable String featureId) {
    ApiException e = new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "problem.method",
        List.of(new ApiException.FieldError("method", "error.ogc-incident-delete")));
    return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
        .header(HttpHeaders.ALLOW, String.join(", ", OgcController.itemAllow(Collections.get("incidents"),
            actor.get())))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problems.toProblem(request, e));
  }

  /**
   * The feature with its Point in EPSG:4326 [lon, lat]: unchanged for CRS84, axes swapped for EPSG:4326,
   * transformed by PostGIS for the projected systems. Anything that is not a Point with two finite numbers is
   * left for the incident rules to refuse (they name the field).
   */
  private JsonNode toWgs84(JsonNode body, Crs crs) {
    if (crs == Crs.CRS84 || body == null || !body.isObject()) {
      return body;
    }
    JsonNode g = body.get("geometry");
    JsonNode c = g == null ? null : g.get("coordinates");
    if (c == null || !c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()
        || !Double.isFinite(c.get(0).doubleValue()) || !Double.isFinite(c.get(1).doubleValue())) {
      return body;
    }
    double a = c.get(0).doubleValue();
    double b = c.get(1).doubleValue();
    double[] lonLat;
    if (crs.latFirst) {
      lonLat = new double[] {b, a};
    } else {
      double[] r = crs.range;
      if (a < r[0] || a > r[2] || b < r[1] || b > r[3]) {
        throw ApiException.badField("geometry", "error.ogc-bbox-range", r[0], r[1], r[2], r[3], crs.uri);
      }
      lonLat = queries.toWgs84(a, b, crs);
    }
    ObjectNode copy = (ObjectNode) body.deepCopy();
    ArrayNode coords = ((ObjectNode) copy.get("geometry")).putArray("coordinates");
    coords.add(lonLat[0]).add(lonLat[1]);
    return copy;
  }
}
