package org.borderzone.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GDAL (Debian's gdal-bin 3.6.2, installed by the Makefile's {@code browser} target) as the independent reader of
 * every export: {@code ogr2ogr -f GeoJSON /vsistdout/ FILE} turns whatever GDAL understood of the file into GeoJSON
 * (ogrinfo's {@code -json} only arrived in GDAL 3.7), and {@code ogrinfo -al -so} states layer, geometry type and
 * count as GDAL's own summary.
 */
public final class Gdal {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Gdal() {}

  /** The features GDAL reads from {@code file}, as a GeoJSON FeatureCollection. */
  public static JsonNode read(Path file, String... openOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ogr2ogr", "-f", "GeoJSON", "/vsistdout/"));
    for (String o : openOptions) {
      cmd.add("-oo");
      cmd.add(o);
    }
    cmd.add(file.toString());
    return JSON.readTree(run(cmd));
  }

  /** {@code ogrinfo -al -so FILE}: GDAL's summary (layer name, geometry, feature count, fields). */
  static String summary(Path file) throws IOException, InterruptedException {
    return run(List.of("ogrinfo", "-ro", "-al", "-so", file.toString()));
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
