package org.borderzone.system;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The version of each map layer (table {@code layer_version}, V11): a counter that a statement-level trigger
 * bumps in the same transaction as every write to the layer's tables. Whatever is cached by layer — tiles,
 * TileJSON, {@code /api/segments} — carries the version in its URL or ETag, so it can never be served stale
 * after a commit, on this instance or another one. Reading it is one primary-key lookup.
 */
@Component
public class LayerVersions {

  private final JdbcClient jdbc;

  LayerVersions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every layer with its version, in name order. */
  public Map<String, Long> all() {
    Map<String, Long> out = new LinkedHashMap<>();
    jdbc.sql(SystemSql.LAYER_VERSIONS).query((rs, n) -> out.put(rs.getString(1), rs.getLong(2))).list();
    return out;
  }

  /** The version of one layer; an unknown layer is a programming error (layers are named by server code). */
  public long of(String layer) {
    return jdbc.sql(SystemSql.LAYER_VERSION).param("layer", layer).query(Long.class).optional()
        .orElseThrow(() -> new IllegalArgumentException("no such layer: " + layer));
  }
}
