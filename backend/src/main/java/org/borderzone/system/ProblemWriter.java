package org.borderzone.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.borderzone.i18n.Formats;
import org.borderzone.i18n.Languages;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds every error response of the server as RFC 9457 {@code application/problem+json}: {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, plus {@code errors}: a list of
 * {@code {field, message}}, so a client always learns which field was wrong. Texts come from the
 * {@code messages} bundle in the request's language ({@link Languages}: {@code ?lang}, the user's stored language,
 * the {@code bz_lang} cookie, {@code Accept-Language}), numbers in the arguments formatted by {@link Formats}; a
 * key missing from the Khmer or Lao bundle falls back to English, never to the key's name.
 */
@Component
public class ProblemWriter {

  static final String TYPE_BASE = "https://borderzone.org/problems/";

  private final MessageSource messages;
  private final JsonMapper json;

  public ProblemWriter(MessageSource messages, JsonMapper json) {
    this.messages = messages;
    this.json = json;
  }

  public ProblemDetail toProblem(HttpServletRequest request, ApiException e) {
    Locale locale = Languages.locale(request);
    Formats.Bound numbers = Formats.of(locale);
    ProblemDetail pd = ProblemDetail.forStatus(e.status());
    String slug = e.code().startsWith("problem.") ? e.code().substring("problem.".length()) : e.code();
    pd.setType(URI.create(TYPE_BASE + slug));
    pd.setTitle(messages.getMessage(e.code() + ".title", null, e.status().getReasonPhrase(), locale));
    List<Map<String, Object>> errors = new ArrayList<>();
    StringBuilder detail = new StringBuilder();
    for (ApiException.FieldError fe : e.errors()) {
      String text = messages.getMessage(fe.code(), numbers.args(fe.args()), fe.code(), locale);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", fe.field());
      m.put("message", text);
      errors.add(m);
      if (detail.length() > 0) {
        detail.append("; ");
      }
      detail.append(fe.field()).append(": ").append(text);
    }
    pd.setDetail(detail.length() > 0 ? detail.toString()
        : messages.getMessage(e.code() + ".detail", numbers.args(e.args()), e.code(), locale));
    pd.setInstance(instance(request.getRequestURI()));
    if (!errors.isEmpty()) {
      pd.setProperty("errors", errors);
      pd.setProperty("field", errors.get(0).get("field"));
    }
    return pd;
  }

  /** Writes a problem directly (from filters, before MVC). */
  public void write(HttpServletRequest request, HttpServletResponse response, Exception e) throws IOException {
    ApiException api = e instanceof ApiException a ? a
        : e instanceof BodySizeLimitFilter.PayloadTooLargeException p ? tooLarge(p.limit())
        : new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", List.of());
    ProblemDetail pd = toProblem(request, api);
    response.setStatus(pd.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), pd);
  }

  /** {@code pd} as JSON text (for writers that are not Spring MVC, such as {@link ProblemReportValve}). */
  String toJson(ProblemDetail pd) {
    return json.writeValueAsString(pd);
  }

  /**
   * The path as the {@code instance} of a problem, or none when it is missing or not a valid URI reference
   * (a request the container refused may carry any bytes in its path).
   */
  static URI instance(String path) {
    if (path == null) {
      return null;
    }
    try {
      return URI.create(path);
    } catch (IllegalArgumentException notAUri) {
      return null;
    }
  }

  /** Writes the 503 of a database outage with {@code Retry-After} (from filters and the security layer). */
  public void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader(org.springframework.http.HttpHeaders.RETRY_AFTER,
        Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS));
    write(request, response, DatabaseOutage.unavailable());
  }

  static ApiException tooLarge(long limit) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "problem.too-large",
        List.of(new ApiException.FieldError("body", "error.body-too-large", limit)));
  }
}
