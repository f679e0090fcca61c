package org.borderzone.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over their endpoint's limit with 413 before anything is parsed or stored: at once
 * when Content-Length says so, and while reading for chunked bodies (the stream then fails with
 * {@link PayloadTooLargeException}, which {@link ProblemAdvice} maps to 413).
 *
 * <p>The limits are an explicit table by method and exact path ({@link #limits}): the two bulk imports have
 * their own, larger limits, every other request {@code borderzone.max-body-bytes}. The path is compared as
 * sent (not decoded or normalised), so any other spelling of an import path only ever gets the smaller
 * default; a new endpoint that needs more than the default needs a line here. One pattern stands beside the
 * table: a photo of an incident ({@code POST /api/incidents/{id}/photos}, {@code borderzone.report.max-photo-bytes}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final Map<String, Long> limits;
  private final long maxPhotoBytes;
  private final ProblemWriter problems;

  /** {@code /api/incidents/{id}/photos}: one path segment of id characters, nothing else. */
  private static final java.util.regex.Pattern PHOTOS = java.util.regex.Pattern.compile(
      "/api/incidents/[0-9A-Fa-f-]{1,64}/photos");

  BodySizeLimitFilter(@Value("${borderzone.max-body-bytes:1048576}") long maxBytes,
      @Value("${borderzone.max-incident-import-bytes:209715200}") long maxIncidentImportBytes,
      @Value("${borderzone.max-network-import-bytes:52428800}") long maxNetworkImportBytes,
      @Value("${borderzone.report.max-photo-bytes:5242880}") long maxPhotoBytes, ProblemWriter problems) {
    this.maxBytes = maxBytes;
    this.maxPhotoBytes = maxPhotoBytes;
    // incidents are spooled to a file and streamed; the network is read into memory as a whole
    this.limits = Map.of(
        "POST /api/incidents/import", maxIncidentImportBytes,
        "POST /api/network/import", maxNetworkImportBytes);
    this.problems = problems;
  }

  /** The body limit of a request: its line of the table, else {@code borderzone.max-body-bytes}. */
  long limit(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if ("POST".equals(request.getMethod()) && PHOTOS.matcher(path).matches()) {
      return maxPhotoBytes;
    }
    return limits.getOrDefault(request.getMethod() + " " + path, maxBytes);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = limit(request);
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      problems.write(request, response, new PayloadTooLargeException(limit));
      return;
    }
    chain.doFilter(new LimitedRequest(request, limit), response);
  }

  /** Thrown while reading a body that grows past the limit. */
  public static final class PayloadTooLargeException extends IOException {
    private final long limit;

    PayloadTooLargeException(long limit) {
      super("request body larger than " + limit + " bytes");
      this.limit = limit;
    }

    public long limit() {
      return limit;
    }
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        long[] count = {0};
        stream = new WatchedInputStream(in, (buf, off, n) -> {
          count[0] += n;
          if (count[0] > limit) {
            throw new PayloadTooLargeException(limit);
          }
        });
      }
      return stream;
    }
  }
}
