package org.borderzone.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For a POST with an {@code Idempotency-Key} header: checks the key (400 naming the header, before the body is
 * read) and hashes the request as it is read — method, path, query and body bytes, SHA-256 — so that
 * {@link Idempotency} can tell a retry from another request with the same key without buffering the body
 * (imports may be 200 MB). Runs inside {@link BodySizeLimitFilter}, so the bytes it hashes are bounded.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class IdempotencyFilter extends OncePerRequestFilter {

  private static final String ATTRIBUTE = IdempotencyFilter.class.getName() + ".fingerprint";

  private final ProblemWriter problems;

  IdempotencyFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  /** The request's key and hash in the making, or null without the header (or for other methods than POST). */
  static Fingerprint fingerprint(HttpServletRequest request) {
    return (Fingerprint) request.getAttribute(ATTRIBUTE);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<String> values = Collections.list(request.getHeaders(Idempotency.HEADER));
    if (values.isEmpty() || !"POST".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    String key = values.size() == 1 ? unquote(values.get(0).strip()) : null;
    if (key == null || !Idempotency.KEY.matcher(key).matches()) {
      problems.write(request, response, ApiException.badField(Idempotency.HEADER, "error.idempotency-key"));
      return;
    }
    Fingerprinted wrapped = new Fingerprinted(request, key);
    request.setAttribute(ATTRIBUTE, wrapped.fingerprint);
    chain.doFilter(wrapped, response);
  }

  /** A Structured Field string ({@code "abc"}, as the IETF draft writes keys) or a bare token. */
  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  /** The key and the running SHA-256 of the request; {@link #finish()} reads what is left of the body. */
  static final class Fingerprint {
    private final String key;
    private final MessageDigest digest;
    private ServletInputStream body;
    private byte[] hash;

    private Fingerprint(String key, HttpServletRequest request) {
      this.key = key;
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      String target = request.getMethod() + " " + request.getRequestURI()
          + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
      digest.update(target.getBytes(StandardCharsets.UTF_8));
    }

    String key() {
      return key;
    }

    /** The hash of the whole request: the rest of the body is read (and dropped) first. */
    byte[] finish() throws IOException {
      if (hash == null) {
        if (body != null) {
          byte[] buf = new byte[8192];
          while (body.read(buf, 0, buf.length) >= 0) {
            // hashed by the stream
          }
        }
        hash = digest.digest();
      }
      return hash;
    }
  }

  private static final class Fingerprinted extends HttpServletRequestWrapper {
    private final Fingerprint fingerprint;
    private BufferedReader reader;

    Fingerprinted(HttpServletRequest request, String key) {
      super(request);
      this.fingerprint = new Fingerprint(key, request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (fingerprint.body == null) {
        ServletInputStream in = super.getInputStream();
        MessageDigest digest = fingerprint.digest;
        fingerprint.body = new WatchedInputStream(in, digest::update);
      }
      return fingerprint.body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String enc = getCharacterEncoding();
        reader = new BufferedReader(new InputStreamReader(getInputStream(),
            enc == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(enc)));
      }
      return reader;
    }
  }
}
