package org.borderzone.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's reader of {@code text/event-stream} over java.net.http: the response's body read line by line on a
 * thread of its own, parsed by the rules of the HTML standard (id, data, retry, comments, a blank line ends an
 * event) into a queue the test waits on. Closing it closes the connection, as a browser closing the tab. Public
 * for the end-to-end scenarios (e2e/ScenariosBrowserIT).
 */
public final class SseClient implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One dispatched event ({@code comment} set for a heartbeat, the rest null). */
  public record Sse(String id, String data, String comment, long atNanos) {
    public JsonNode json() {
      return JSON.readTree(data);
    }

    public String kind() {
      return data == null ? null : json().path("kind").asString();
    }
  }

  final HttpResponse<InputStream> response;
  private final LinkedBlockingQueue<Sse> queue = new LinkedBlockingQueue<>();
  private final List<Sse> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-test-reader");
    this.reader.setDaemon(true);
    if (response.statusCode() == 200) {
      reader.start();
    }
  }

  /** Opens {@code url} with the headers of {@code builder} (credentials, Last-Event-ID). */
  static SseClient open(HttpClient client, HttpRequest.Builder builder) {
    try {
      return new SseClient(client.send(builder.header("Accept", "text/event-stream").GET().build(),
          HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static SseClient open(String url, String basicUser, String password, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (basicUser != null) {
      b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
          .encodeToString((basicUser + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return open(HTTP, b);
  }

  public int status() {
    return response.statusCode();
  }

  String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a refused stream (problem+json). */
  String errorBody() {
    try (InputStream in = response.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      StringBuilder data = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            push(new Sse(id, data.toString(), null, System.nanoTime()));
          }
          data = null;
          id = null;
        } else if (line.startsWith(":")) {
          push(new Sse(null, null, line.substring(1).strip(), System.nanoTime()));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> { } // retry, event
          }
        }
      }
    } catch (IOException closed) {
      // the test closed the stream, or the server ended it
    }
  }

  private void push(Sse e) {
    seen.add(e);
    queue.add(e);
  }

  /** The next event (heartbeats skipped) matching {@code p} within {@code timeout}, or null. */
  public Sse next(Predicate<Sse> p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Sse e = queue.poll(left, TimeUnit.NANOSECONDS);
      if (e == null) {
        return null;
      }
      if (e.data() != null && p.test(e)) {
        return e;
      }
    }
  }

  /** The next heartbeat comment within {@code timeout}, or null. */
  Sse nextHeartbeat(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Sse e = queue.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e != null && e.comment() != null) {
        return e;
      }
    }
    return null;
  }

  /** Every event received so far (heartbeats included). */
  public List<Sse> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // already closed
    }
    reader.interrupt();
  }
}
