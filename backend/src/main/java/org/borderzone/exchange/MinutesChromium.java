package org.borderzone.exchange;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium as a PDF printer of one local page: {@code chromium --headless --print-to-pdf=… file://…},
 * one process per render, bounded in time (killed with its children after the timeout). Chromium shapes Khmer
 * and Lao with HarfBuzz and breaks their lines with ICU's dictionaries, which openhtmltopdf cannot.
 *
 * <p>No network: the page is a file in a fresh directory next to its fonts, its Content-Security-Policy
 * allows only inline styles and {@code file:} fonts, host names resolve to nothing and any request that got
 * past that would go to a closed proxy port. The browser profile, cache and home are inside that directory,
 * which the caller deletes.
 */
final class MinutesChromium {

  /** Thrown when Chromium did not finish within the timeout (it has been killed). */
  static final class Timeout extends Exception {
    Timeout(Duration d) {
      super("chromium did not print within " + d);
    }
  }

  private final Path binary;
  private final Duration timeout;

  MinutesChromium(Path binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  Path binary() {
    return binary;
  }

  /** The configured binary if it is executable, else {@code chromium} on the PATH; empty when there is none. */
  static Optional<Path> locate(String configured) {
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured.strip());
      return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, "chromium");
        if (Files.isExecutable(p) && !Files.isDirectory(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Prints {@code page} (a file inside {@code work}) to {@code pdf}; everything Chromium writes goes into
   * {@code work}.
   */
  void print(Path work, Path page, Path pdf) throws IOException, Timeout {
    Path profile = Files.createDirectory(work.resolve("profile"));
    Path log = work.resolve("chromium.log");
    List<String> cmd = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-sync", "--disable-background-networking", "--disable-component-update",
        "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        "--user-data-dir=" + profile, "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
        page.toUri().toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("HOME", work.toString());
    env.put("XDG_CONFIG_HOME", work.resolve("config").toString());
    env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
    env.remove("DBUS_SESSION_BUS_ADDRESS");
    Process p = pb.start();
    boolean done;
    try {
      done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while chromium printed", e);
    }
    if (!done) {
      kill(p);
      throw new Timeout(timeout);
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) < 5) {
      throw new IOException("chromium exited with " + p.exitValue() + " and no PDF: " + tail(log));
    }
  }

  /** Kills Chromium and every process it started (renderer, zygote, utility), children first. */
  static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - 2000);
      byte[] b = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
