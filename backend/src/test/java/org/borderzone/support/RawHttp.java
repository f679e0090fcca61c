package org.borderzone.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP/1.1 over a plain {@link Socket}, for requests that {@code java.net.http.HttpClient} refuses to send
 * ({@code %00} or {@code /%2e%2e/} in the path, a 20 KB header) and for bodies streamed until the server
 * answers. The answer is read by a second thread while the request is still being written, so a server that
 * answers early (413) and closes is heard before it resets the connection.
 */
public final class RawHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RawHttp() {}

  /** A parsed answer: status, headers (names in lower case) and the body as text (chunked encoding undone). */
  public record Reply(int status, Map<String, String> headers, String body) {
    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** Something that writes a request body chunk by chunk; it should stop when {@code answered} turns true. */
  public interface BodyWriter {
    void write(OutputStream out, java.util.function.BooleanSupplier answered) throws IOException;
  }

  /** Sends {@code head} (request line and headers, CRLF-terminated, ending with an empty line) exactly as given. */
  public static Reply send(int port, String head) {
    return send(port, head.getBytes(StandardCharsets.ISO_8859_1), (out, answered) -> { });
  }

  /**
   * Sends {@code head}, then lets {@code body} write while the answer is read concurrently; a write that fails
   * because the server has answered and closed ends the body quietly.
   */
  public static Reply send(int port, byte[] head, BodyWriter body) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      InputStream in = socket.getInputStream();
      CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> readAll(in));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.flush();
        body.write(out, answer::isDone);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException serverClosed) {
        // the server answered before the whole body was sent: that is what the caller tests
      }
      byte[] raw = answer.get(60, TimeUnit.SECONDS);
      return parse(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code total} bytes of {@code fill} as chunks of {@code chunk} bytes, stopping once answered. */
  public static BodyWriter chunked(long total, int chunk, byte fill) {
    return (out, answered) -> {
      byte[] data = new byte[chunk];
      java.util.Arrays.fill(data, fill);
      byte[] size = (Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
      for (long sent = 0; sent < total && !answered.getAsBoolean(); sent += chunk) {
        out.write(size);
        out.write(data);
        out.write(crlf);
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    };
  }

  /** Writes {@code total} bytes of {@code fill} without chunk framing (for a declared Content-Length). */
  public static BodyWriter plain(long total, int chunk, byte fill) {
    return (out, answered) -> {
      byte[] data = new byte[chunk];
      java.util.Arrays.fill(data, fill);
      for (long sent = 0; sent < total && !answered.getAsBoolean(); sent += chunk) {
        out.write(data, 0, (int) Math.min(chunk, total - sent));
      }
    };
  }

  private static byte[] readAll(InputStream in) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    try {
      for (int n; (n = in.read(b)) >= 0; ) {
        buf.write(b, 0, n);
        if (complete(buf.toByteArray())) {
          break;
        }
      }
    } catch (IOException reset) {
      // a reset after the answer: keep what arrived
    }
    return buf.toByteArray();
  }

  /** True once the head and the whole body (by Content-Length or the last chunk) have arrived. */
  private static boolean complete(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    String body = text.substring(end + 4);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
    if (m.find()) {
      return body.length() >= Integer.parseInt(m.group(1));
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      return body.endsWith("0\r\n\r\n");
    }
    return false;
  }

  private static Reply parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no HTTP answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Reply(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String dechunk(String s) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (pos < s.length()) {
      int eol = s.indexOf("\r\n", pos);
      int size = Integer.parseInt(s.substring(pos, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(s, eol + 2, eol + 2 + size);
      pos = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
