package org.borderzone.inspections;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/inspections}: record and list joint inspections. */
@RestController
@RequestMapping("/api/inspections")
class InspectionController {

  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 500;

  private final InspectionService service;
  private final CurrentActor actor;

  InspectionController(InspectionService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  /** Records one inspection; 201 with its {@code Location} and the stored inspection. */
  @PostMapping(consumes = "application/json", produces = "application/json")
  ResponseEntity<String> create(@RequestBody InspectionRequest.Body body) {
    InspectionService.Created c = service.record(body, actor.get());
    return ResponseEntity.created(URI.create("/api/inspections/" + c.id()))
        .contentType(MediaType.APPLICATION_JSON).body(c.json());
  }

  /** Inspections newest first, optionally covering {@code segmentId} and dated within [{@code from}, {@code to}]. */
  @GetMapping(produces = "application/json")
  String list(@RequestParam(required = false) Integer segmentId, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    LocalDate f = date(from, "from");
    LocalDate t = date(to, "to");
    if (f != null && t != null && f.isAfter(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    int p = page == null ? 0 : page;
    if (p < 0) {
      throw ApiException.badField("page", "error.range", "0", String.valueOf(Integer.MAX_VALUE));
    }
    int s = size == null ? DEFAULT_SIZE : size;
    if (s < 1 || s > MAX_SIZE) {
      throw ApiException.badField("size", "error.range", "1", String.valueOf(MAX_SIZE));
    }
    return service.list(segmentId, f, t, p, s);
  }

  @GetMapping(path = "/{id}", produces = "application/json")
  String one(@PathVariable long id) {
    return service.one(id);
  }

  private static LocalDate date(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.wrong-type", value);
    }
  }
}
