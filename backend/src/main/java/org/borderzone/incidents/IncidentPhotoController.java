package org.borderzone.incidents;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Idempotency;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * {@code /api/incidents/{id}/photos}: add a photo to an incident (the body is the JPEG or PNG itself, at most
 * {@code borderzone.report.max-photo-bytes}, 413 above), list them, read one. An incident the caller may not see
 * has no photos for them either (404 on every path).
 */
@RestController
@RequestMapping("/api/incidents/{id}/photos")
class IncidentPhotoController {

  private final IncidentPhotos photos;
  private final CurrentActor actor;
  private final Idempotency idempotency;
  private final ReportProperties report;
  private final JsonMapper json;

  IncidentPhotoController(IncidentPhotos photos, CurrentActor actor, Idempotency idempotency,
      ReportProperties report, JsonMapper json) {
    this.photos = photos;
    this.actor = actor;
    this.idempotency = idempotency;
    this.report = report;
    this.json = json;
  }

  /**
   * Adds one photo; 201 with Location and its description ({@code n}, {@code mediaType}, {@code bytes},
   * {@code sha256} of the stored bytes, {@code gpsRemoved}). With an {@code Idempotency-Key} a retry answers the
   * first answer and stores nothing.
   */
  @PostMapping(consumes = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the photo itself",
      content = {@Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string", format = "binary")),
          @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
  @ApiResponse(responseCode = "201", description = "stored (without its GPS metadata); Location names it",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "IncidentPhoto")))
  ResponseEntity<String> add(HttpServletRequest request, @PathVariable UUID id,
      @RequestHeader("Content-Type") String contentType, @RequestBody byte[] body) {
    Actor who = actor.get();
    return idempotency.run(request, who, () -> {
      IncidentPhotos.Added a = photos.add(id, contentType, body, who);
      URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{n}").buildAndExpand(a.n()).toUri();
      return ResponseEntity.created(location).contentType(MediaType.APPLICATION_JSON).body(a.entry());
    });
  }

  /** {@code {incidentId, maxPhotos, photos: [{n, mediaType, bytes, sha256, ownerOrg, createdBy, createdAt, href}]}}. */
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(responseCode = "200", description = "the incident's photos",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = "IncidentPhotoList")))
  String list(@PathVariable UUID id) {
    String list = photos.list(id, actor.get()).orElseThrow(() -> ApiException.notFound("incident", id));
    ObjectNode o = json.createObjectNode().put("incidentId", id.toString()).put("maxPhotos", report.maxPhotos());
    o.putRawValue("photos", new RawValue(list));
    return json.writeValueAsString(o);
  }

  /** The bytes of photo {@code n} (1, 2, …) as stored; private caching only (photos never change). */
  @GetMapping(path = "/{n}", produces = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE,
      MediaType.ALL_VALUE})
  @ApiResponse(responseCode = "200", description = "the photo", content = {
      @Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string", format = "binary")),
      @Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"))})
  ResponseEntity<byte[]> one(@PathVariable UUID id, @PathVariable int n) {
    IncidentPhotos.Photo p = photos.one(id, n, actor.get())
        .orElseThrow(() -> ApiException.notFound("photo", id + "/" + n));
    String ext = PhotoSanitizer.PNG.equals(p.mediaType()) ? "png" : "jpg";
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.mediaType()))
        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
        .eTag("\"" + p.sha256() + "\"")
        .header("Content-Disposition", ContentDisposition.inline().filename("incident-" + id + "-" + n + "." + ext)
            .build().toString())
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .body(p.bytes());
  }
}
