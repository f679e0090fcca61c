package org.borderzone.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTML shell and the service worker, rendered with the static version ({@link StaticVersion}): every
 * {@code src="/js/…"}, {@code href="/css/…"} (and {@code /img/}, {@code /fonts/}) of the page points into
 * {@code /app/<version>/}, and the page says its base in {@code <meta name="bz-static">}. Both are
 * {@code no-cache} with an ETag (the version): a reload costs one conditional request answered 304, and a new
 * build is seen at once. {@code /sw.js} gets the version and the list of files to keep (docs/OFFLINE.md). The
 * ETags are weak: Tomcat does not compress an answer with a strong one ({@code noCompressionStrongETag}).
 */
@RestController
class ShellController {

  /** An attribute that references a static directory from the root. */
  private static final Pattern STATIC_REF = Pattern.compile("(src|href)=\"/(" + String.join("|", StaticVersion.DIRECTORIES) + ")/");
  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
  private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

  private final StaticVersion version;
  private final JsonMapper json;
  private final Map<String, String> rendered = new ConcurrentHashMap<>();

  ShellController(StaticVersion version, JsonMapper json) {
    this.version = version;
    this.json = json;
  }

  @GetMapping({"/", "/index.html"})
  ResponseEntity<String> index(WebRequest request) {
    return page("index.html", request);
  }

  @GetMapping("/admin.html")
  ResponseEntity<String> admin(WebRequest request) {
    return page("admin.html", request);
  }

  /** The service worker: its script with {@code self.BZ_BUILD} = the version, its base and the files. */
  @GetMapping("/sw.js")
  ResponseEntity<String> serviceWorker(WebRequest request) {
    String etag = "W/\"sw-" + version.version() + "\"";
    if (request.checkNotModified(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
    }
    String body = rendered.computeIfAbsent("sw.js", p -> {
      ObjectNode build = json.createObjectNode().put("version", version.version()).put("base", version.base());
      build.set("files", json.valueToTree(version.files()));
      return read(p).replace("self.BZ_BUILD = null;", "self.BZ_BUILD = " + json.writeValueAsString(build) + ";");
    });
    return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache()).contentType(JAVASCRIPT)
        .header("Service-Worker-Allowed", "/").body(body);
  }

  private ResponseEntity<String> page(String name, WebRequest request) {
    String etag = "W/\"" + name + "-" + version.version() + "\"";
    if (request.checkNotModified(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
    }
    String body = rendered.computeIfAbsent(name, p -> render(read(p)));
    return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache()).contentType(HTML).body(body);
  }

  /** The page with its static references under the version, and the base in a meta element. */
  String render(String html) {
    String base = version.base();
    String out = STATIC_REF.matcher(html).replaceAll("$1=\"" + base + "/$2/");
    return out.replaceFirst("<head>", "<head>\n  <meta name=\"bz-static\" content=\"" + base + "\">");
  }

  private static String read(String name) {
    try (InputStream in = new ClassPathResource("META-INF/resources/" + name).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
