package org.borderzone.segments;

import org.borderzone.geo.Extent;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** {@code /api/segments}: border segments as GeoJSON, their history and status changes. */
@RestController
@RequestMapping("/api/segments")
class SegmentController {

  private final JdbcClient jdbc;
  private final SegmentService service;
  private final CurrentActor actor;
  private final JsonMapper json;

  SegmentController(JdbcClient jdbc, SegmentService service, CurrentActor actor, JsonMapper json) {
    this.jdbc = jdbc;
    this.service = service;
    this.actor = actor;
    this.json = json;
  }

  /** All segments (optionally within {@code bbox}, of one {@code status} or {@code sectorId}), west to east. */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(required = false) String bbox, @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer sectorId) {
    Extent box = Extent.parseBbox(bbox, "bbox");
    String st = status == null ? null : SegmentStatus.parse(status, "status").name();
    return jdbc.sql(SegmentSql.COLLECTION)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .param("status", st)
        .param("sectorId", sectorId)
        .query(String.class).single();
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable int id) {
    return jdbc.sql(SegmentSql.ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("segment", id));
  }

  /** Status changes (oldest first) and the joint inspections that covered the segment. */
  @GetMapping(path = "/{id}/history", produces = "application/json")
  String history(@PathVariable int id) {
    String code = jdbc.sql("select code from border_segment where id = :id").param("id", id)
        .query(String.class).optional().orElseThrow(() -> ApiException.notFound("segment", id));
    String changes = jdbc.sql(SegmentSql.HISTORY_CHANGES).param("id", id).query(String.class).single();
    String inspections = jdbc.sql(SegmentSql.HISTORY_INSPECTIONS).param("id", id).query(String.class).single();
    String signoffs = jdbc.sql(SegmentSql.HISTORY_SIGNOFFS).param("id", id).query(String.class).single();
    ObjectNode doc = json.createObjectNode().put("segmentId", id).put("code", code);
    doc.putRawValue("changes", new RawValue(changes)); // JSON arrays aggregated by PostgreSQL
    doc.putRawValue("inspections", new RawValue(inspections));
    doc.putRawValue("signoffs", new RawValue(signoffs));
    return json.writeValueAsString(doc);
  }

  /**
   * Changes the status: 200 with the updated Feature, or 202 with the unchanged Feature when the move to
   * DEMARCATED or RATIFIED now waits for the other country's signature ({@code pendingSignoffs}).
   */
  @PostMapping(path = "/{id}/status", consumes = "application/json", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<String> changeStatus(@PathVariable int id, @RequestBody SegmentService.StatusChange body) {
    SegmentService.StatusOutcome outcome = service.changeStatus(id, body, actor.get());
    return ResponseEntity.status(outcome.pending() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(outcome.feature());
  }
}
