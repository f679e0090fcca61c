package org.borderzone.exchange;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.borderzone.i18n.Languages;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/meetings} and {@code /api/actions} (docs/EXCHANGE.md "Meetings and minutes"): meetings of the
 * parties, their parts, the minutes with their sign-off and PDF, and the action items. Ids are public UUIDs; an
 * id of a meeting the caller's organisation is not a party of is a 404. Roles: SecurityConfig.routes; whose
 * data: {@code system.Ownership} through {@link MeetingService}.
 */
@RestController
class MeetingController {

  static final int DEFAULT_LIMIT = 100;

  private final MeetingService service;
  private final MinutesPdf pdf;
  private final CurrentActor actor;
  private final Organisations organisations;

  MeetingController(MeetingService service, MinutesPdf pdf, CurrentActor actor, Organisations organisations) {
    this.service = service;
    this.pdf = pdf;
    this.actor = actor;
    this.organisations = organisations;
  }

  private static ResponseEntity<String> created(MeetingService.Created c) {
    return ResponseEntity.created(URI.create("/api/meetings/" + c.meeting()))
        .header("X-Created-Id", c.id()).contentType(MediaType.APPLICATION_JSON).body(c.json());
  }

  @PostMapping(path = "/api/meetings", consumes = "application/json", produces = "application/json")
  ResponseEntity<String> create(@RequestBody(required = false) MeetingRequest.NewMeeting body) {
    return created(service.create(body, actor.get()));
  }

  /** The caller's meetings; {@code when=upcoming} (soonest first) or {@code past} (newest first), else all. */
  @GetMapping(path = "/api/meetings", produces = "application/json")
  String list(@RequestParam(required = false) String when, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Integer offset) {
    Boolean upcoming = null;
    if (when != null && !when.isBlank()) {
      upcoming = switch (when.strip().toLowerCase(Locale.ROOT)) {
        case "upcoming" -> true;
        case "past" -> false;
        default -> throw ApiException.badField("when", "error.unknown-value", when, "upcoming, past");
      };
    }
    return service.list(upcoming, limit(limit), offset(offset), actor.get());
  }

  private static int limit(Integer limit) {
    int l = limit == null ? DEFAULT_LIMIT : limit;
    if (l < 1 || l > MeetingService.MAX_LIST) {
      throw ApiException.badField("limit", "error.range", "1", String.valueOf(MeetingService.MAX_LIST));
    }
    return l;
  }

  private static int offset(Integer offset) {
    int o = offset == null ? 0 : offset;
    if (o < 0 || o > 1_000_000) {
      throw ApiException.badField("offset", "error.range", "0", "1000000");
    }
    return o;
  }

  @GetMapping(path = "/api/meetings/{id}", produces = "application/json")
  String one(@PathVariable UUID id) {
    return service.one(id, actor.get());
  }

  @PostMapping(path = "/api/meetings/{id}/attendees", consumes = "application/json", produces = "application/json")
  ResponseEntity<String> attendee(@PathVariable UUID id,
      @RequestBody(required = false) MeetingRequest.NewAttendee body) {
    return created(service.addAttendee(id, body, actor.get()));
  }

  @PostMapping(path = "/api/meetings/{id}/agenda", consumes = "application/json", produces = "application/json")
  ResponseEntity<String> agenda(@PathVariable UUID id,
      @RequestBody(required = false) MeetingRequest.NewAgendaItem body) {
    return created(service.addAgendaItem(id, body, actor.get()));
  }

  @PostMapping(path = "/api/meetings/{id}/decisions", consumes = "application/json", produces = "application/json")
  ResponseEntity<String> decision(@PathVariable UUID id,
      @RequestBody(required = false) MeetingRequest.NewDecision body) {
    return created(service.addDecision(id, body, actor.get()));
  }

  @PostMapping(path = "/api/meetings/{id}/actions", consumes = "application/json", produces = "application/json")
  ResponseEntity<String> action(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.NewAction body) {
    return created(service.addAction(id, body, actor.get()));
  }

  @PostMapping(path = "/api/meetings/{id}/held", produces = "application/json")
  String held(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.Move body) {
    return service.held(id, body, actor.get());
  }

  @PutMapping(path = "/api/meetings/{id}/minutes", consumes = "application/json", produces = "application/json")
  String minutes(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.Minutes body) {
    return service.putMinutes(id, body, actor.get());
  }

  @PostMapping(path = "/api/meetings/{id}/minutes/sign", consumes = "application/json", produces = "application/json")
  String sign(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.Signature body) {
    return service.sign(id, body, actor.get());
  }

  /**
   * The minutes as PDF in {@code lang} (en, km, lo; default the reader's language, i18n/Languages), streamed.
   * Everything that can be refused (an unknown language, an unknown or foreign meeting) is refused before the
   * first byte, and the PDF is rendered into a temporary file before it is sent: renders over the bound
   * ({@code borderzone.pdf.concurrent}), a render past its timeout or a renderer failure answer 503 with
   * Retry-After, never half a PDF. {@code X-Pdf-Renderer} and {@code X-Pdf-Shaping} say who drew it.
   */
  @GetMapping(path = "/api/meetings/{id}/minutes.pdf", produces = "application/pdf")
  void minutesPdf(@PathVariable UUID id, @RequestParam(required = false) String lang, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    if (lang != null && !Languages.SUPPORTED.contains(lang.strip())) {
      throw ApiException.badField("lang", "error.unknown-value", lang, String.join(", ", Languages.SUPPORTED));
    }
    String language = lang != null ? lang.strip() : Languages.resolve(request);
    String doc = service.one(id, actor.get());
    try (MinutesPdf.Pdf file = pdf.render(doc, language)) {
      response.setStatus(200);
      response.setContentType("application/pdf");
      response.setHeader("Content-Disposition", "attachment; filename=\"minutes-" + id + "-" + language + ".pdf\"");
      response.setHeader("Cache-Control", "no-store");
      boolean shaped = file.renderer() == MinutesPdf.Renderer.CHROMIUM;
      response.setHeader("X-Pdf-Renderer", shaped ? "chromium" : "openhtmltopdf");
      response.setHeader("X-Pdf-Shaping", shaped ? "complex" : "none; Khmer is not shaped (docs/EXCHANGE.md)");
      response.setContentLengthLong(Files.size(file.file()));
      Files.copy(file.file(), response.getOutputStream());
    }
  }

  /** Action items of the caller's meetings: {@code owner} (an organisation), {@code state}, {@code overdue=true}. */
  @GetMapping(path = "/api/actions", produces = "application/json")
  String actions(@RequestParam(required = false) String owner, @RequestParam(required = false) String state,
      @RequestParam(required = false) Boolean overdue, @RequestParam(required = false) Integer limit) {
    Organisation o = owner == null || owner.isBlank() ? null : organisations.parse(owner, "owner");
    String s = null;
    if (state != null && !state.isBlank()) {
      s = state.strip().toUpperCase(Locale.ROOT);
      if (!s.equals("OPEN") && !s.equals("DONE") && !s.equals("CANCELLED")) {
        throw ApiException.badField("state", "error.unknown-value", state, "OPEN, DONE, CANCELLED");
      }
    }
    return service.actions(o, s, Boolean.TRUE.equals(overdue), limit(limit), actor.get());
  }

  @PostMapping(path = "/api/actions/{id}/done", produces = "application/json")
  String done(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.Move body) {
    return service.finishAction(id, "DONE", body, actor.get());
  }

  @PostMapping(path = "/api/actions/{id}/cancel", produces = "application/json")
  String cancel(@PathVariable UUID id, @RequestBody(required = false) MeetingRequest.Move body) {
    return service.finishAction(id, "CANCELLED", body, actor.get());
  }
}
