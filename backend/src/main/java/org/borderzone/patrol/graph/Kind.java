package org.borderzone.patrol.graph;

import java.util.Locale;

/** What a network edge is; the wire and database name is the lower-case name ({@code road}, {@code track}...). */
public enum Kind {
  ROAD, TRACK, TRAIL, FERRY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named by {@code text} (case-insensitive), or null when unknown. */
  public static Kind parse(String text) {
    if (text == null) {
      return null;
    }
    for (Kind k : values()) {
      if (k.wire().equalsIgnoreCase(text.strip())) {
        return k;
      }
    }
    return null;
  }
}
