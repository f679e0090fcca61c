package org.borderzone.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code borderzone.max-body-bytes} with 413 before anything is parsed or stored:
 * at once when Content-Length says so, and while reading for chunked bodies (the stream then fails with
 * {@link PayloadTooLargeException}, which {@link ProblemAdvice} maps to 413). Bulk imports under
 * {@code /api/incidents/import} have their own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final long maxImportBytes;
  private final ProblemWriter problems;

  BodySizeLimitFilter(@Value("${borderzone.max-body-bytes:1048576}") long maxBytes,
      @Value("${borderzone.max-import-bytes:209715200}") long maxImportBytes, ProblemWriter problems) {
    this.maxBytes = maxBytes;
    this.maxImportBytes = maxImportBytes;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = request.getRequestURI().endsWith("/import") ? maxImportBytes : maxBytes;
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
        stream = new ServletInputStream() {
          private long count;

          @Override
          public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
              count(1);
            }
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
              count(n);
            }
            return n;
          }

          private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
              throw new PayloadTooLargeException(limit);
            }
          }

          @Override
          public boolean isFinished() {
            return in.isFinished();
          }

          @Override
          public boolean isReady() {
            return in.isReady();
          }

          @Override
          public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
          }
        };
      }
      return stream;
    }
  }
}
