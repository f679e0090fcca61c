package org.borderzone.tiles;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The server's tile cache: least recently used first out, bounded by bytes ({@code borderzone.tiles.cache-bytes},
 * default 64 MiB). Keys carry the layer version, so a write never needs an eviction (old versions age out), and
 * the reader's visibility class, never the user: all readers of one organisation share entries. Empty tiles
 * are cached too (as zero bytes).
 */
@Component
class TileCache {

  /** Bytes charged per entry beyond the tile itself (key, node, array header). */
  static final int OVERHEAD = 160;

  private final long maxBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  TileCache(@Value("${borderzone.tiles.cache-bytes:67108864}") long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Counters and size, for {@code /tiles/versions} and the benchmark. */
  record Stats(long hits, long misses, long bytes, int entries, long maxBytes) {}

  synchronized byte[] get(String key) {
    byte[] t = entries.get(key);
    (t == null ? misses : hits).incrementAndGet();
    return t;
  }

  synchronized void put(String key, byte[] tile) {
    long cost = cost(key, tile);
    if (cost > maxBytes / 4) {
      return; // one tile may not flush a quarter of the cache
    }
    byte[] old = entries.put(key, tile);
    if (old != null) {
      bytes -= cost(key, old);
    }
    bytes += cost;
    Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, byte[]> e = it.next();
      bytes -= cost(e.getKey(), e.getValue());
      it.remove();
    }
  }

  synchronized Stats stats() {
    return new Stats(hits.get(), misses.get(), bytes, entries.size(), maxBytes);
  }

  /** Drops everything (tests that count misses). */
  synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  private static long cost(String key, byte[] tile) {
    return tile.length + 2L * key.length() + OVERHEAD;
  }
}
