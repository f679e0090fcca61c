package org.borderzone.tiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tiles by key: the key names the content exactly — layer, its current version, the reader's visibility class
 * (organisation code for the incident layers, {@code *} otherwise), the filters and z/x/y — so it serves as the
 * cache key and, hashed, as the ETag. A miss runs the layer's statement ({@link TileSql}) on the main pool
 * (its read statement timeout applies); concurrent misses of one key wait for one statement.
 */
@Service
class TileService {

  private final JdbcClient jdbc;
  private final TileCache cache;
  private final GiStarTiles giStar;
  private final TransactionTemplate readOnly;
  private final Map<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, double[]> bounds = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> e) {
      return size() > 64;
    }
  };

  TileService(JdbcClient jdbc, TileCache cache, GiStarTiles giStar, PlatformTransactionManager tm) {
    this.jdbc = jdbc;
    this.cache = cache;
    this.giStar = giStar;
    this.readOnly = new TransactionTemplate(tm);
    this.readOnly.setReadOnly(true);
  }

  /** One tile request, parsed: what the key is made of. */
  record TileKey(TileLayer layer, long version, String visibility, TileFilter filter, int z, int x, int y) {

    String text() {
      return layer.id + "|" + version + "|" + visibility + "|" + filter.key() + "|" + z + "/" + x + "/" + y;
    }

    /**
     * A weak ETag (the layer and version in clear, the rest hashed): Tomcat does not compress an answer with a
     * strong one ({@code noCompressionStrongETag}), and an MVT tile (protobuf, repeated keys) gzips to about half.
     */
    String etag() {
      return "W/\"" + layer.id + "-" + version + "-" + sha256(text()).substring(0, 24) + "\"";
    }

    /** The window part of the key (without z/x/y), for the Gi* window cache. */
    String windowKey() {
      return layer.id + "|" + version + "|" + visibility + "|" + filter.key();
    }
  }

  /** Every layer's current version (one read of {@code layer_version}). */
  Map<String, Long> counters() {
    Map<String, Long> out = new HashMap<>();
    jdbc.sql(TileSql.VERSIONS).query(rs -> {
      out.put(rs.getString(1), rs.getLong(2));
    });
    return out;
  }

  /** The tile layers' versions, in layer order. */
  Map<String, Long> versions() {
    Map<String, Long> c = counters();
    Map<String, Long> out = new LinkedHashMap<>();
    for (TileLayer l : TileLayer.values()) {
      out.put(l.id, l.version(c));
    }
    return out;
  }

  static String visibility(TileLayer layer, Actor actor) {
    return layer.perOrganisation ? "org:" + Releasability.viewerOrg(actor) : "*";
  }

  TileKey key(TileLayer layer, TileFilter filter, Actor actor, int z, int x, int y) {
    return new TileKey(layer, layer.version(counters()), visibility(layer, actor), filter, z, x, y);
  }

  /** The tile's bytes (empty when it holds no feature), from the cache or built. */
  byte[] tile(TileKey k, Actor actor) {
    String text = k.text();
    byte[] hit = cache.get(text);
    if (hit != null) {
      return hit;
    }
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> running = inFlight.putIfAbsent(text, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      byte[] t = build(k, actor);
      cache.put(text, t);
      mine.complete(t);
      return t;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(text, mine);
    }
  }

  /**
   * Builds a tile. The incident statements run with custom plans ({@link TileSql#CUSTOM_PLANS}, for their
   * transaction only): after five executions the driver prepares them on the server and PostgreSQL may settle on
   * a generic plan, which cannot fold the optional filters (hot segments at z 6 on the demo data: 1.5 s generic,
   * 30 ms custom; docs/TILES.md).
   */
  private byte[] build(TileKey k, Actor actor) {
    if (k.layer() == TileLayer.INCIDENTS || k.layer() == TileLayer.HOT_SEGMENTS) {
      return readOnly.execute(s -> {
        jdbc.sql(TileSql.CUSTOM_PLANS).query(String.class).single();
        return statement(k, actor);
      });
    }
    return statement(k, actor);
  }

  private byte[] statement(TileKey k, Actor actor) {
    TileFilter f = k.filter();
    byte[] t = switch (k.layer()) {
      case SEGMENTS -> xyz(jdbc.sql(TileSql.SEGMENTS), k).query(byte[].class).single();
      case PILLARS -> xyz(jdbc.sql(TileSql.PILLARS), k).query(byte[].class).single();
      case INCIDENTS -> incidentFilter(Releasability.bind(xyz(jdbc.sql(
          k.z() >= TileLayer.POINTS_FROM ? TileSql.INCIDENTS : TileSql.INCIDENT_CELLS), k), actor), f)
          .query(byte[].class).single();
      case HOT_SEGMENTS -> Releasability.bind(xyz(jdbc.sql(TileSql.HOT_SEGMENTS), k), actor)
          .param("from", f.from()).param("to", f.to()).param("prevFrom", f.prevFrom())
          .param("months", f.months()).param("types", f.types()).param("maxDistanceM", f.maxDistanceM())
          .query(byte[].class).single();
      case GISTAR -> {
        Optional<GiStarTiles.Window> w = giStar.window(k.windowKey(), f.giStar());
        yield w.isEmpty() ? new byte[0] : giStar.tile(w.get(), k.z(), k.x(), k.y());
      }
    };
    return t == null ? new byte[0] : t;
  }

  private static JdbcClient.StatementSpec xyz(JdbcClient.StatementSpec s, TileKey k) {
    return s.param("z", k.z()).param("x", k.x()).param("y", k.y());
  }

  static JdbcClient.StatementSpec incidentFilter(JdbcClient.StatementSpec s, TileFilter f) {
    return s.param("from", f.from()).param("to", f.to()).param("types", f.types())
        .param("minSeverity", f.minSeverity());
  }

  /** [w, s, e, n] of the layer's data as the reader sees it, or null when there is none; cached by version. */
  double[] bounds(TileLayer layer, TileFilter f, Actor actor) {
    String key = layer.id + "|" + layer.version(counters()) + "|" + visibility(layer, actor) + "|" + f.key();
    synchronized (bounds) {
      if (bounds.containsKey(key)) {
        return bounds.get(key);
      }
    }
    JdbcClient.StatementSpec s = switch (layer) {
      case PILLARS -> jdbc.sql(TileSql.PILLAR_BOUNDS);
      case INCIDENTS -> incidentFilter(Releasability.bind(jdbc.sql(TileSql.INCIDENT_BOUNDS), actor), f);
      default -> jdbc.sql(TileSql.SEGMENT_BOUNDS);
    };
    double[] b = s.query(rs -> {
      rs.next();
      double w = rs.getDouble(1);
      return rs.wasNull() ? null : new double[] {w, rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)};
    });
    synchronized (bounds) {
      bounds.put(key, b);
    }
    return b;
  }

  TileCache.Stats cacheStats() {
    return cache.stats();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
