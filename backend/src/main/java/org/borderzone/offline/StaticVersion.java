package org.borderzone.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The version of the web client: the first 12 hex digits of SHA-256 over the paths and bytes of every static
 * file of the map (the web module's {@code META-INF/resources}, webjars excluded: they carry their version in
 * their path), computed once at start-up. The pages are served with their scripts and styles under
 * {@code /app/<version>/…} ({@link ShellController}), so a new build changes every URL while the ES modules'
 * relative imports stay valid, and those URLs can be cached for a year ({@link StaticWebConfig}). Two
 * instances of one build compute the same version (it depends on the bytes only, not on the start time).
 */
@Component
public class StaticVersion {

  /** Where the versioned copies live: {@code /app/<version>/js/main.js} is {@code /js/main.js}. */
  public static final String PREFIX = "/app/";
  /** The directories of static files that the pages reference (and the service worker keeps). */
  static final List<String> DIRECTORIES = List.of("js", "css", "img", "fonts");

  private final String version;
  private final List<String> files;

  StaticVersion() {
    this(new PathMatchingResourcePatternResolver());
  }

  StaticVersion(PathMatchingResourcePatternResolver resolver) {
    Map<String, Resource> byPath = new TreeMap<>();
    try {
      for (String dir : DIRECTORIES) {
        for (Resource r : resolver.getResources("classpath*:META-INF/resources/" + dir + "/**/*")) {
          if (!r.isReadable()) {
            continue; // a directory
          }
          String url = r.getURL().toString();
          int at = url.lastIndexOf("META-INF/resources/");
          byPath.put(url.substring(at + "META-INF/resources".length()), r);
        }
      }
      for (String page : List.of("index.html", "admin.html", "sw.js")) {
        Resource r = resolver.getResource("classpath:META-INF/resources/" + page);
        if (r.exists()) {
          byPath.put("/" + page, r);
        }
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, Resource> e : byPath.entrySet()) {
        sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        try (InputStream in = e.getValue().getInputStream()) {
          sha.update(in.readAllBytes());
        }
        sha.update((byte) 0);
      }
      this.version = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<String> list = new ArrayList<>();
    for (String p : byPath.keySet()) {
      if (DIRECTORIES.stream().anyMatch(d -> p.startsWith("/" + d + "/"))) {
        list.add(p);
      }
    }
    this.files = List.copyOf(list);
  }

  /** The 12 hex digits. */
  public String version() {
    return version;
  }

  /** {@code /app/<version>} (no trailing slash). */
  public String base() {
    return PREFIX + version;
  }

  /** The unversioned paths of the static files ({@code /js/main.js}…), sorted. */
  public List<String> files() {
    return files;
  }
}
