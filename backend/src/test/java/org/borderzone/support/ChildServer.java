package org.borderzone.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Borderzone server in a JVM of its own, for the tests that kill it: the same classpath as the test
 * ({@code java.class.path}), {@code org.borderzone.BorderzoneApplication} as main class, its own port, the
 * demo and test profiles, and a database URL of the caller's choosing (the test database, often through a
 * {@link TcpProxy}). Its output goes to a log file under {@code target/}. Every child still running when the
 * test JVM exits is killed.
 */
public final class ChildServer implements AutoCloseable {

  private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();
  private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/(.*)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly)));
  }

  private final Process process;
  private final int port;
  private final Path log;

  private ChildServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The test database URL (SPRING_DATASOURCE_URL) with its host and port replaced by localhost:{@code port}. */
  public static String databaseUrlVia(int port) {
    Matcher m = JDBC.matcher(testDatabaseUrl());
    if (!m.matches()) {
      throw new IllegalStateException("not a PostgreSQL JDBC URL: " + testDatabaseUrl());
    }
    return "jdbc:postgresql://localhost:" + port + "/" + m.group(3);
  }

  /** Host and port of the test database. */
  public static String[] testDatabaseHostPort() {
    Matcher m = JDBC.matcher(testDatabaseUrl());
    if (!m.matches()) {
      throw new IllegalStateException("not a PostgreSQL JDBC URL: " + testDatabaseUrl());
    }
    return new String[] {m.group(1), m.group(2) == null ? "5432" : m.group(2)};
  }

  private static String testDatabaseUrl() {
    String url = System.getenv("SPRING_DATASOURCE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("SPRING_DATASOURCE_URL is not set (make test sets it)");
    }
    return url;
  }

  /** A free port on localhost (free when asked). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts a server on {@code port} with {@code databaseUrl} and the extra {@code --key=value} arguments, and
   * waits until it answers HTTP (at most {@code timeout}).
   */
  public static ChildServer start(int port, String databaseUrl, String name, Duration timeout, String... args)
      throws IOException, InterruptedException {
    return start(port, databaseUrl, name, timeout, List.of(), args);
  }

  /** The same with extra JVM options after the defaults (a later {@code -Xmx} wins). */
  public static ChildServer start(int port, String databaseUrl, String name, Duration timeout, List<String> jvm,
      String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    all.addAll(jvm);
    return start(all, port, databaseUrl, name, timeout, args);
  }

  /** As {@link #start(int, String, String, Duration, String...)} with exactly these JVM options (heap, JIT, GC). */
  public static ChildServer start(List<String> jvm, int port, String databaseUrl, String name, Duration timeout,
      String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        "org.borderzone.BorderzoneApplication", "--server.port=" + port, "--spring.profiles.active=demo,test",
        "--logging.level.org.borderzone=INFO"));
    cmd.addAll(List.of(args));
    Path log = Path.of("target", "child-" + name + ".log").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("SPRING_DATASOURCE_URL", databaseUrl);
    Process p = pb.start();
    ALIVE.add(p);
    ChildServer child = new ChildServer(p, port, log);
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the child server exited with " + p.exitValue() + "; see " + log);
      }
      if (child.answers()) {
        return child;
      }
      Thread.sleep(250);
    }
    child.kill();
    throw new IllegalStateException("the child server did not start within " + timeout + "; see " + log);
  }

  private boolean answers() {
    try {
      // ready, not only listening: Tomcat answers while the start-up runners (border import, demo seeding) still
      // work, and a fault injected then would fail the runner and stop the server (readiness: after them)
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The child's process id (to read its memory from /proc, or for jcmd). */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public String url(String path) {
    return "http://localhost:" + port + path;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9, and waits for the process to be gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    ALIVE.remove(process);
  }

  /** SIGTERM; waits at most {@code timeout} for the exit and returns whether it exited. */
  public boolean terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (exited) {
      ALIVE.remove(process);
    }
    return exited;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
