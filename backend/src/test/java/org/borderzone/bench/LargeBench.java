package org.borderzone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.support.BenchReport;
import org.borderzone.support.ChildServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make bench} at one million incidents: the database of {@code make data-large} ({@code BENCH_LARGE_URL}),
 * served by ONE child server JVM with {@code -Xmx512m} (support/ChildServer), each figure a ratio against a
 * baseline measured in the same run (docs/BENCHMARKS.md, "Method"):
 * <ul>
 *   <li>features: {@code GET /api/incidents?bbox&size=1000} and {@code /api/incidents/grid} at zoom 8 and 11
 *       against the very SQL they run ({@code IncidentSql.PAGE}, {@code COUNT}, {@code GRID}, read by reflection,
 *       bound as the server binds them), one year and ten years;</li>
 *   <li>Gi*: {@code GET /api/hotspots} over one and ten years against one plain count-per-cell scan of the same
 *       rows (2 km cells in UTM 48N);</li>
 *   <li>tiles: {@code /tiles/incidents/{z}/{x}/{y}.mvt} at z 6/9/12/15 against the tile SQL of {@code TileSql}
 *       (docs/TILES.md), cold and warm — "not run" while the tile server is not on the branch;</li>
 *   <li>200 concurrent map users with wrk (a Lua mix of tiles when present, features and grid; once with a session
 *       cookie and once with an API token): p50/p95/p99, errors, requests still open at the end counted as
 *       errors;</li>
 *   <li>the child's heap after all of it (jcmd GC.heap_info, after a full GC).</li>
 * </ul>
 * Sizes: {@code -Dbench.large.runs} (timed runs per measure, default 7), {@code -Dbench.wrk.seconds} (30),
 * {@code -Dbench.wrk.connections} (200).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LargeBench {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final String PASSWORD = "borderzone";
  static final int RUNS = Math.max(3, Integer.getInteger("bench.large.runs", 7));
  /** A window of one year and of ten, inside the generator's 2016–2025. */
  static final String[][] WINDOWS = {{"2025-01-01", "2026-01-01"}, {"2016-01-01", "2026-01-01"}};
  /** A map view of about 40 × 30 km on the border (near the generator's cluster 2). */
  static String bbox;

  JdbcClient db;
  ChildServer server;
  String machine;
  String loadAtStart;
  final StringBuilder report = new StringBuilder();

  @BeforeAll
  void start() throws Exception {
    String url = System.getenv().getOrDefault("BENCH_LARGE_URL", System.getProperty("bench.large.url", ""));
    assertThat(url).as("BENCH_LARGE_URL (the database of make data-large)").isNotBlank();
    // ONE connection for every baseline query (no connection set-up inside a timing)
    org.springframework.jdbc.datasource.SingleConnectionDataSource ds =
        new org.springframework.jdbc.datasource.SingleConnectionDataSource(url,
            System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "borderzone"),
            System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "borderzone"), true);
    db = JdbcClient.create(ds);
    long n = db.sql("select count(*) from incident where source like :p").param("p", LargeData.VERSION + "-c%")
        .query(Long.class).single();
    assertThat(n).as("the large data set is loaded: run make data-large first").isEqualTo(LargeData.ROWS);
    machine = BenchReport.machine(db);
    LargeData.Line line = LargeData.border(db);
    double[] p = line.at(0.25);
    bbox = String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", p[0] - 0.18, p[1] - 0.14, p[0] + 0.18, p[1] + 0.14);
    server = ChildServer.start(List.of("-Xmx512m"), ChildServer.freePort(), url, "large-bench", Duration.ofMinutes(3));
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String load() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return l[0] + ", " + l[1] + ", " + l[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  HttpResponse<byte[]> get(String path, String auth) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", auth)
          .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  /** Median ms and p95 of {@code runs} timed runs after one warm-up. */
  static double[] time(Supplier<?> s, int runs) {
    s.get();
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      s.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return new double[] {BenchReport.median(ms), sorted[(int) Math.ceil(0.95 * runs) - 1]};
  }

  static String sqlConstant(String className, String field) throws ReflectiveOperationException {
    var f = Class.forName(className).getDeclaredField(field);
    f.setAccessible(true);
    return (String) f.get(null);
  }

  /** The filter parameters of IncidentSql.FILTER, as IncidentQuery.bind and Releasability.bind set them. */
  static JdbcClient.StatementSpec filter(JdbcClient.StatementSpec spec, double[] box, String from, String to,
      String org) {
    return spec.param("minLon", box == null ? null : box[0]).param("minLat", box == null ? null : box[1])
        .param("maxLon", box == null ? null : box[2]).param("maxLat", box == null ? null : box[3])
        .param("from", java.time.LocalDate.parse(from).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
        .param("to", java.time.LocalDate.parse(to).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
        .param("types", null).param("statuses", null).param("severities", null).param("minSeverity", null)
        .param("source", null).param("viewerOrg", org);
  }

  @Test
  @Order(1)
  void featuresAndGridAgainstTheirSql() throws Exception {
    String page = sqlConstant("org.borderzone.incidents.IncidentSql", "PAGE");
    String count = sqlConstant("org.borderzone.incidents.IncidentSql", "COUNT");
    String grid = sqlConstant("org.borderzone.incidents.IncidentSql", "GRID");
    double[] box = Arrays.stream(bbox.split(",")).mapToDouble(Double::parseDouble).toArray();
    String auth = "Bearer " + token("kh-planner"); // no bcrypt per request in the HTTP time
    get("/api/me", auth);
    String l0 = load();
    StringBuilder t = new StringBuilder("| request | window | HTTP median ms | HTTP p95 ms | SQL median ms | × SQL |\n"
        + "|---|---|---:|---:|---:|---:|\n");
    for (String[] w : WINDOWS) {
      String win = w[0].substring(0, 4) + "–" + (Integer.parseInt(w[1].substring(0, 4)) - 1);
      String q = "from=" + w[0] + "&to=" + w[1];
      double[] http = time(() -> status200(get("/api/incidents?size=1000&bbox=" + bbox + "&" + q, auth)), RUNS);
      double[] sql = time(() -> {
        filter(db.sql(count), box, w[0], w[1], "KH").query(Long.class).single();
        return filter(db.sql(page), box, w[0], w[1], "KH").param("limit", 1000).param("offset", 0)
            .query(String.class).single().length();
      }, RUNS);
      row(t, "/api/incidents?bbox (40 × 30 km)&size=1000", win, http, sql);
      for (int zoom : new int[] {8, 11}) {
        double cell = cellDegrees(zoom);
        // zoom 8 over the whole area (no bbox), zoom 11 over the map view
        String b = zoom == 8 ? "" : "&bbox=" + bbox;
        double[] gh = time(() -> status200(get("/api/incidents/grid?zoom=" + zoom + b + "&" + q, auth)), RUNS);
        double[] gs = time(() -> {
          long[] k = {0};
          filter(db.sql(grid), zoom == 8 ? null : box, w[0], w[1], "KH").param("cell", cell).query(rs -> {
            k[0]++;
          });
          return k[0];
        }, RUNS);
        row(t, "/api/incidents/grid?zoom=" + zoom + (zoom == 8 ? " (whole area)" : "&bbox (view)"), win, gh, gs);
      }
    }
    report.append(String.format(Locale.ROOT, """
        ### Features and grid against their SQL

        Load average before: %s; after: %s. As `kh-planner` with an API token (no bcrypt per request),
        median and p95 of %d runs after one warm-up; the SQL is the server's own text (`IncidentSql.PAGE` +
        `COUNT`, `GRID`), bound the same way, on one connection without the server. Target: ≤ 1.3× the SQL.

        %s
        """, l0, load(), RUNS, t));
  }

  /** The grid cell of a zoom as IncidentController chooses it (about 64 px). */
  static double cellDegrees(int zoom) {
    return 360.0 / (1L << zoom) / 4;
  }

  static Object status200(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return r.body().length;
  }

  static void row(StringBuilder t, String what, String window, double[] http, double[] sql) {
    t.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | **%.2f** |%n", what, window, http[0],
        http[1], sql[0], http[0] / sql[0]));
  }

  @Test
  @Order(2)
  void giStarAgainstACountPerCellScan() throws Exception {
    String auth = "Bearer " + token("kh-planner");
    String l0 = load();
    StringBuilder t = new StringBuilder("| window | Gi* HTTP median ms | p95 ms | count-per-cell scan median ms | × scan |\n"
        + "|---|---:|---:|---:|---:|\n");
    for (String[] w : WINDOWS) {
      String q = "/api/hotspots?cellKm=2&from=" + w[0] + "&to=" + w[1];
      double[] gi = time(() -> status200(get(q, auth)), Math.max(3, RUNS / 2));
      double[] scan = time(() -> db.sql("""
          select count(*) from (
            select 1 from incident i
            where i.occurred_at >= cast(:from as timestamptz) and i.occurred_at < cast(:to as timestamptz)
              and (i.releasability = 'SHARED' or i.owner_org = :org)
            group by floor(st_x(st_transform(i.geom, 32648)) / 2000), floor(st_y(st_transform(i.geom, 32648)) / 2000)) c
          """).param("from", w[0]).param("to", w[1]).param("org", "KH").query(Long.class).single(),
          Math.max(3, RUNS / 2));
      t.append(String.format(Locale.ROOT, "| %s – %s | %.0f | %.0f | %.0f | **%.2f** |%n", w[0], w[1], gi[0], gi[1],
          scan[0], gi[0] / scan[0]));
    }
    report.append(String.format(Locale.ROOT, """
        ### Gi* over one and ten years against one count-per-cell scan

        Load average before: %s; after: %s. `GET /api/hotspots?cellKm=2` (2 km hexagons of the 10 km zone, whole
        answer) as `kh-planner`; the baseline is one grouped scan of the same window and visibility into 2 km
        square UTM cells, written here independently of the service. Targets: < 2 s and ≤ 3× the scan.

        %s
        """, l0, load(), t));
  }

  @Test
  @Order(3)
  void tilesAgainstTheirSql() throws Exception {
    String auth = "Bearer " + token("kh-planner"); // as the features: no bcrypt check (~65 ms) in the HTTP time
    int status = get("/tiles/incidents.json", auth).statusCode();
    boolean hasSql;
    try {
      Class.forName("org.borderzone.tiles.TileSql");
      hasSql = true;
    } catch (ClassNotFoundException e) {
      hasSql = false;
    }
    if (status != 200 || !hasSql) {
      System.err.println("[bench] TILES NOT RUN: /tiles/incidents.json answered " + status + ", TileSql "
          + (hasSql ? "present" : "absent") + " (the tile server of feature/tiles is not on this branch)");
      report.append("""
          ### Tiles against their SQL

          **Not run**: this branch has no tile server (`GET /tiles/incidents.json` answered %d, class
          `org.borderzone.tiles.TileSql` %s). The section runs once feature/tiles is merged (docs/TILES.md).

          """.formatted(status, hasSql ? "present" : "absent"));
      return;
    }
    String l0 = load();
    LargeData.Line line = LargeData.border(db);
    String window = "from=" + WINDOWS[0][0] + "&to=" + WINDOWS[0][1];
    StringBuilder t = new StringBuilder("| zoom | tiles | HTTP cold p50 / p95 ms | HTTP warm p50 / p95 ms | SQL p50 / p95 ms"
        + " | cold × SQL (p50) | warm × SQL (p50) |\n|---:|---:|---|---|---|---:|---:|\n");
    for (int z : new int[] {6, 9, 12, 15}) {
      List<int[]> tiles = tilesAlong(line, z, 24);
      List<Double> cold = new ArrayList<>();
      List<Double> warm = new ArrayList<>();
      List<Double> sql = new ArrayList<>();
      for (int[] xy : tiles) {
        String path = "/tiles/incidents/" + z + "/" + xy[0] + "/" + xy[1] + ".mvt?" + window;
        for (List<Double> into : List.of(cold, warm)) {
          long t0 = System.nanoTime();
          HttpResponse<byte[]> r = get(path, auth);
          into.add((System.nanoTime() - t0) / 1e6);
          assertThat(r.statusCode()).as(path).isIn(200, 204);
        }
        String q = z >= 12 ? TILE_POINTS : TILE_CELLS;
        tileSql(q, z, xy).query((rs, n) -> rs.getBytes(1)).single(); // warm the buffers as the server's first call did
        long t0 = System.nanoTime();
        tileSql(q, z, xy).query((rs, n) -> rs.getBytes(1)).single();
        sql.add((System.nanoTime() - t0) / 1e6);
      }
      double[] c = pct(cold);
      double[] w = pct(warm);
      double[] q = pct(sql);
      t.append(String.format(Locale.ROOT, "| %d | %d | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | **%.2f** | %.2f |%n", z,
          tiles.size(), c[0], c[1], w[0], w[1], q[0], q[1], c[0] / q[0], w[0] / q[0]));
    }
    report.append(String.format(Locale.ROOT, """
        ### Tiles against their SQL

        Load average before: %s; after: %s. `GET /tiles/incidents/{z}/{x}/{y}.mvt` (one-year window) as `kh-planner`
        over the tiles along the border line, each requested twice: cold (first request: server cache miss) and
        warm (cache hit); baseline: an `ST_AsMVT` query written here from docs/TILES.md (points from z 12, 16 × 16
        cells below, the same visibility), run on one connection after one warm-up call per tile. Targets: ≤ 1.3×
        the SQL, p95 < 50 ms.

        %s
        """, l0, load(), t));
  }

  /** The incident points of a tile (z ≥ 12), as docs/TILES.md describes them, for KH. */
  static final String TILE_POINTS = """
      with e as (select st_tileenvelope(:z, :x, :y) as env)
      select st_asmvt(t, 'incidents', 4096, 'geom') from (
        select st_asmvtgeom(st_transform(i.geom, 3857), e.env, 4096, 64) as geom, i.public_id::text as id, i.type,
               i.severity, i.status, to_char(i.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "occurredAt",
               i.releasability, i.owner_org as "ownerOrg"
        from incident i, e
        where i.geom && st_transform(e.env, 4326) and i.occurred_at >= cast(:from as timestamptz)
          and i.occurred_at < cast(:to as timestamptz) and (i.releasability = 'SHARED' or i.owner_org = :org)) t
      """;

  /** The 16 × 16 incident cells of a tile (z < 12), as docs/TILES.md describes them, for KH. */
  static final String TILE_CELLS = """
      with e as (select st_tileenvelope(:z, :x, :y) as env),
      c as (
        select floor((st_x(p) - st_xmin(e.env)) / ((st_xmax(e.env) - st_xmin(e.env)) / 16)) as cx,
               floor((st_y(p) - st_ymin(e.env)) / ((st_ymax(e.env) - st_ymin(e.env)) / 16)) as cy,
               count(*) as n, max(severity) as ms,
               nullif(count(*) filter (where type = 'DRUG_TRAFFICKING'), 0) as "DRUG_TRAFFICKING",
               nullif(count(*) filter (where type = 'HUMAN_TRAFFICKING'), 0) as "HUMAN_TRAFFICKING",
               nullif(count(*) filter (where type = 'SMUGGLING'), 0) as "SMUGGLING",
               nullif(count(*) filter (where type = 'ILLEGAL_LOGGING'), 0) as "ILLEGAL_LOGGING",
               nullif(count(*) filter (where type = 'WILDLIFE_TRAFFICKING'), 0) as "WILDLIFE_TRAFFICKING",
               nullif(count(*) filter (where type = 'ILLEGAL_CROSSING'), 0) as "ILLEGAL_CROSSING",
               nullif(count(*) filter (where type = 'ARMED_INCURSION'), 0) as "ARMED_INCURSION",
               nullif(count(*) filter (where type = 'TERRORISM'), 0) as "TERRORISM",
               nullif(count(*) filter (where type = 'UXO'), 0) as "UXO",
               nullif(count(*) filter (where type = 'DISASTER'), 0) as "DISASTER",
               nullif(count(*) filter (where type = 'OTHER'), 0) as "OTHER"
        from (select st_transform(i.geom, 3857) as p, i.type, i.severity from incident i, e
              where i.geom && st_transform(e.env, 4326) and i.occurred_at >= cast(:from as timestamptz)
                and i.occurred_at < cast(:to as timestamptz) and (i.releasability = 'SHARED' or i.owner_org = :org)) s, e
        where st_intersects(p, e.env)
        group by 1, 2)
      select st_asmvt(t, 'incident_cells', 4096, 'geom') from (
        select st_asmvtgeom(st_point(st_xmin(e.env) + (cx + 0.5) * (st_xmax(e.env) - st_xmin(e.env)) / 16,
                                     st_ymin(e.env) + (cy + 0.5) * (st_ymax(e.env) - st_ymin(e.env)) / 16, 3857),
                            e.env, 4096, 64) as geom, n as count, ms as "maxSeverity", "DRUG_TRAFFICKING",
               "HUMAN_TRAFFICKING", "SMUGGLING", "ILLEGAL_LOGGING", "WILDLIFE_TRAFFICKING", "ILLEGAL_CROSSING",
               "ARMED_INCURSION", "TERRORISM", "UXO", "DISASTER", "OTHER"
        from c, e) t
      """;

  JdbcClient.StatementSpec tileSql(String sql, int z, int[] xy) {
    return db.sql(sql).param("z", z).param("x", xy[0]).param("y", xy[1]).param("from", WINDOWS[0][0])
        .param("to", WINDOWS[0][1]).param("org", "KH");
  }

  /** Up to {@code max} distinct XYZ tiles (x, y) at zoom z under points spread along the border line. */
  static List<int[]> tilesAlong(LargeData.Line line, int z, int max) {
    java.util.LinkedHashMap<String, int[]> tiles = new java.util.LinkedHashMap<>();
    double n = Math.pow(2, z);
    for (int k = 0; k < 400 && tiles.size() < max; k++) {
      double[] p = line.at((k * 0.618034) % 1.0);
      int x = (int) Math.floor((p[0] + 180) / 360 * n);
      double lat = Math.toRadians(p[1]);
      int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
      tiles.putIfAbsent(x + "/" + y, new int[] {x, y});
    }
    return new ArrayList<>(tiles.values());
  }

  static double[] pct(List<Double> ms) {
    double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new double[] {s[(s.length - 1) / 2], s[(int) Math.ceil(0.95 * s.length) - 1]};
  }

  @Test
  @Order(4)
  void twoHundredMapUsersWithWrk() throws Exception {
    int seconds = Integer.getInteger("bench.wrk.seconds", 30);
    int connections = Integer.getInteger("bench.wrk.connections", 200);
    Path lua = Path.of("target", "bench-map-mix.lua").toAbsolutePath();
    Files.createDirectories(lua.getParent());
    boolean tiles = get("/tiles/incidents.json", basic("kh-planner")).statusCode() == 200;
    Files.writeString(lua, luaScript(tiles));
    String cookie = sessionCookie("kh-viewer");
    String token = token("kh-viewer");
    StringBuilder t = new StringBuilder("| credentials | requests/s | p50 ms | p95 ms | p99 ms | max ms | requests |"
        + " non-2xx | socket errors | open at end | errors | load average before; after |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
    for (String[] cred : new String[][] {{"session cookie", "Cookie: SESSION=" + cookie}, {"API token (Bearer)",
        "Authorization: Bearer " + token}}) {
      String l0 = load();
      ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
          "--latency", "-s", lua.toString(), "-H", cred[1], server.url("/")).redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(out).isZero();
      Map<String, String> m = parse(out);
      assertThat(m).as(out).containsKeys("p50", "requests");
      long errors = Long.parseLong(m.get("non2xx").replaceAll("\\(.*", "")) + Long.parseLong(m.get("socket"))
          + Long.parseLong(m.get("open"));
      t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | **%d** | %s; %s |%n",
          cred[0], m.get("rps"), m.get("p50"), m.get("p95"), m.get("p99"), m.get("max"), m.get("requests"),
          m.get("non2xx"), m.get("socket"), m.get("open"), errors, l0, load()));
    }
    report.append(String.format(Locale.ROOT, """
        ### %d concurrent map users (wrk)

        `wrk -t2 -c%d -d%ds --timeout 10s` against the child server (-Xmx512m), script `target/bench-map-mix.lua`:
        %s, 12-month window, random view boxes near the border; as `kh-viewer`. Errors: non-2xx answers,
        socket errors (connect, read, write, timeout) and the requests still open when the run ended (sent, never
        answered). Goal: 0 errors, p99 < 200 ms.

        %s
        """, connections, connections, seconds, tiles ? "40 % tiles, 35 % features (bbox, size=1000), 25 % grid"
            : "tiles not on this branch: 60 % features (`/api/incidents?bbox&size=1000`), 40 % grid (zoom 8–11)", t));
  }

  static String luaScript(boolean tiles) {
    return """
        -- Borderzone map mix for make bench (LargeBench). Deterministic per thread (math.randomseed).
        local threads = {}
        local tiles = %s
        local counter = 0
        function setup(thread) counter = counter + 1; thread:set("id", counter); table.insert(threads, thread) end
        function init(args) sent = 0; recv = 0; bad = 0; c4 = 0; c503 = 0; c5 = 0; math.randomseed(%d + id) end
        local function box()
          local lon = 105.7 + math.random() * 0.9
          local lat = 13.95 + math.random() * 0.5
          return string.format("%%.4f,%%.4f,%%.4f,%%.4f", lon, lat, lon + 0.18, lat + 0.12)
        end
        function request()
          sent = sent + 1
          local r = math.random()
          local q = "from=2025-01-01&to=2026-01-01"
          if tiles and r < 0.4 then
            local z = 9 + math.random(0, 6)
            local n = 2 ^ z
            local x = math.floor((106.0 + 180) / 360 * n) + math.random(-1, 1)
            local lat = math.rad(14.2)
            local y = math.floor((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n) + math.random(-1, 1)
            return wrk.format("GET", string.format("/tiles/incidents/%%d/%%d/%%d.mvt", z, x, y))
          elseif r < (tiles and 0.75 or 0.6) then
            return wrk.format("GET", "/api/incidents?size=1000&bbox=" .. box() .. "&" .. q)
          else
            return wrk.format("GET", "/api/incidents/grid?zoom=" .. math.random(8, 11) .. "&bbox=" .. box() .. "&" .. q)
          end
        end
        function response(status, headers, body)
          recv = recv + 1
          if status < 200 or status > 299 then bad = bad + 1 end
          if status >= 400 and status < 500 then c4 = c4 + 1 elseif status == 503 then c503 = c503 + 1
          elseif status >= 500 then c5 = c5 + 1 end
        end
        function done(summary, latency, requests)
          local open = 0
          local nonok = 0
          local n4, n503, n5 = 0, 0, 0
          for _, t in ipairs(threads) do
            open = open + (t:get("sent") - t:get("recv"))
            nonok = nonok + t:get("bad")
            n4 = n4 + t:get("c4"); n503 = n503 + t:get("c503"); n5 = n5 + t:get("c5")
          end
          local e = summary.errors
          io.write(string.format("BZ requests=%%d rps=%%.1f p50=%%.1f p95=%%.1f p99=%%.1f max=%%.1f non2xx=%%d(4xx:%%d,503:%%d,5xx:%%d) socket=%%d open=%%d\\n",
            summary.requests, summary.requests / (summary.duration / 1e6),
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
            latency.max / 1000, nonok, n4, n503, n5, e.connect + e.read + e.write + e.timeout, open))
        end
        """.formatted(tiles ? "true" : "false", 2026);
  }

  static Map<String, String> parse(String out) {
    Matcher m = Pattern.compile("BZ (.*)").matcher(out);
    java.util.LinkedHashMap<String, String> r = new java.util.LinkedHashMap<>();
    if (m.find()) {
      for (String kv : m.group(1).trim().split(" ")) {
        String[] p = kv.split("=", 2);
        r.put(p[0], p[1]);
      }
    }
    return r;
  }

  /** A session cookie of a form login (GET /login for the CSRF cookie, then POST /login). */
  String sessionCookie(String user) throws Exception {
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(server.url("/login"))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String xsrf = cookie(page, "XSRF-TOKEN");
    assertThat(xsrf).as("XSRF-TOKEN cookie of /login").isNotNull();
    String form = "username=" + user + "&password=" + PASSWORD;
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url("/login")))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "XSRF-TOKEN=" + xsrf)
        .header("X-XSRF-TOKEN", xsrf)
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    String session = cookie(r, "SESSION");
    assertThat(session).as("SESSION after login: " + r.statusCode()).isNotNull();
    return session;
  }

  static String cookie(HttpResponse<?> r, String name) {
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
      }
    }
    return null;
  }

  /** A fresh API token of the user (POST /api/tokens with HTTP Basic). */
  String token(String user) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url("/api/tokens")))
        .header("Authorization", basic(user)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"make bench\",\"expiresInDays\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).get("token").asString();
  }

  @Test
  @Order(5)
  void heapAtOneMillion() throws Exception {
    Process p = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.run").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    Process h = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.heap_info").redirectErrorStream(true).start();
    String info = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    h.waitFor();
    assertThat(server.isAlive()).as("the -Xmx512m server survived every section").isTrue();
    report.append(String.format(Locale.ROOT, """
        ### Server heap at 1M incidents (-Xmx512m)

        The child server (`-Xmx512m`, default GC) after every section above, then a full GC (`jcmd GC.run`);
        `jcmd GC.heap_info` (load average %s):

        ```
        %s
        ```
        """, load(), info.strip()));
    writeReport();
  }

  void writeReport() throws IOException {
    long edges = db.sql("select count(*) from network_edge").query(Long.class).single();
    long total = db.sql("select count(*) from incident").query(Long.class).single();
    BenchReport.write("large", String.format(Locale.ROOT, """
        ## At one million incidents (LargeBench)

        %s

        Data: `make data-large` (%s: %,d incidents in the database, %,d of the generator over %d–%d with %d planted
        clusters, loaded through the job API; %,d network edges). One child server JVM, `-Xmx512m`. Every ratio is
        against a baseline measured in the same run. Sizes: `-Dbench.large.runs`, `-Dbench.wrk.seconds`,
        `-Dbench.wrk.connections`.

        %s
        """, machine, LargeData.VERSION, total, LargeData.ROWS, LargeData.FIRST_YEAR,
        LargeData.FIRST_YEAR + LargeData.YEARS - 1, LargeData.CLUSTERS, edges, report));
    System.out.println(report);
  }
}
