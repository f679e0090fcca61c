package org.borderzone.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes benchmark results into {@code docs/BENCHMARKS.md} (path from the {@code bench.report} system property):
 * each benchmark owns one section between {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->} and
 * replaces only that, so benchmarks added later keep each other's figures. The section states the machine.
 */
public final class BenchReport {

  private BenchReport() {}

  /** nproc, CPU model, memory, load, PostgreSQL and PostGIS versions, date. */
  public static String machine(JdbcClient jdbc) {
    String cpu = "unknown";
    String mem = "unknown";
    String load = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
      mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
          .findFirst().orElse(mem);
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      // not Linux: leave unknown
    }
    String pg = jdbc.sql("show server_version").query(String.class).single();
    String postgis = jdbc.sql("select postgis_lib_version() || ' (GEOS ' || postgis_geos_version() || ', PROJ '"
        + " || postgis_proj_version() || ')'").query(String.class).single();
    return String.join("\n", List.of(
        "| machine | |", "|---|---|",
        "| date | " + LocalDate.now() + " |",
        "| nproc | " + Runtime.getRuntime().availableProcessors() + " |",
        "| CPU | " + cpu + " |",
        "| memory | " + mem + " |",
        "| load average at start (1, 5, 15 min) | " + String.join(", ", Arrays.asList(load.split(" ")).subList(0,
            Math.min(3, load.split(" ").length))) + " |",
        "| PostgreSQL | " + pg + " |",
        "| PostGIS | " + postgis + " |",
        "| Java | " + System.getProperty("java.version") + " |"));
  }

  /** Replaces (or appends) the section {@code name} of the report with {@code markdown}. */
  public static Path write(String name, String markdown) throws IOException {
    Path file = Path.of(System.getProperty("bench.report", "../docs/BENCHMARKS.md"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
        : "# Benchmarks\n\nWritten by `make bench` (Maven profile `bench`, classes named `*Bench`) on the machine "
            + "stated in each section. Each benchmark replaces only its own section.\n";
    String open = "<!-- bench:" + name + " -->";
    String close = "<!-- /bench:" + name + " -->";
    String section = open + "\n" + markdown.strip() + "\n" + close;
    Matcher m = Pattern.compile(Pattern.quote(open) + ".*?" + Pattern.quote(close), Pattern.DOTALL).matcher(text);
    text = m.find() ? text.substring(0, m.start()) + section + text.substring(m.end())
        : text.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** The load average now (1, 5, 15 min), for figures measured on a shared machine. */
  public static String load() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return l[0] + ", " + l[1] + ", " + l[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The median of the timings (ms). */
  public static double median(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
