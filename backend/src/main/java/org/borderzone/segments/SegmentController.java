package org.borderzone.segments;

import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** {@code /api/segments}: border segments as GeoJSON, their history and status changes. */
@RestController
@RequestMapping("/api/segments")
class SegmentController {

  private final SegmentQueries queries;
  private final SegmentService service;
  private final CurrentActor actor;

  SegmentController(SegmentQueries queries, SegmentService service, CurrentActor actor) {
    this.queries = queries;
    this.service = service;
    this.actor = actor;
  }

  /**
   * All segments (optionally within {@code bbox}, of one {@code status} or {@code sectorId}), west to east, from
   * memory per layer version ({@link SegmentQueries#listCached}), with an ETag: If-None-Match with the current
   * one answers 304 without a body. {@code Cache-Control: private, no-cache}: a client may keep it but must ask
   * again (a status change bumps the version, so the next answer is the new document).
   */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  ResponseEntity<String> list(@RequestParam(required = false) String bbox, @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer sectorId, WebRequest request) {
    SegmentQueries.Versioned v = queries.listCached(bbox, status, sectorId);
    if (request.checkNotModified(v.etag())) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(v.etag())
          .cacheControl(CacheControl.noCache().cachePrivate()).build();
    }
    return ResponseEntity.ok().eTag(v.etag()).cacheControl(CacheControl.noCache().cachePrivate()).body(v.body());
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable int id) {
    return queries.one(id);
  }

  /** Status changes (oldest first) and the joint inspections that covered the segment. */
  @GetMapping(path = "/{id}/history", produces = "application/json")
  String history(@PathVariable int id) {
    return queries.history(id);
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
