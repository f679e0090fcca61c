package org.borderzone.support;

import java.net.URI;
import java.net.http.HttpRequest;
import org.borderzone.support.IntegrationTest.Response;

/** HTTP helpers shared by the test itself (as the default user) and by per-user clients. */
public interface Requests {

  /** The absolute URL of a server path. */
  String url(String path);

  /** Sends a request with this caller's credentials. */
  Response send(HttpRequest.Builder builder);

  default Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  default Response get(String path, String accept) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).GET());
  }

  default Response post(String path, String jsonBody) {
    return post(path, "application/json", jsonBody);
  }

  default Response post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  default Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).DELETE());
  }
}
