package org.borderzone.patrol.graph;

/**
 * The side of the border an edge lies on, as a bit so that a request can allow a set of sides:
 * {@code KH}, {@code LA}, {@code BOTH} (the edge crosses the border line) and {@code NONE} (outside both
 * countries, e.g. in Thailand or Viet Nam near the tri-points).
 *
 * <p>Geography, not organisations: a routing graph is of one border line with two sides, and these are the two
 * countries of this border ({@code border.BorderLoader#COUNTRY_A}/{@code _B}, the rows of {@code country}). A
 * third organisation (Viet Nam) has no side of this line: its national patrols are refused with
 * {@code error.national-side-unknown}, its joint patrols use every side. Kept as bits for the graph's speed
 * (one byte per edge); docs/EXCHANGE.md "Organisations".
 */
public final class Side {

  public static final byte NONE = 1;
  public static final byte KH = 2;
  public static final byte LA = 4;
  public static final byte BOTH = 8;
  /** Every side: what a joint patrol may use. */
  public static final byte ALL = NONE | KH | LA | BOTH;

  private Side() {}

  public static byte parse(String s) {
    if (s == null) {
      return NONE;
    }
    return switch (s) {
      case "KH" -> KH;
      case "LA" -> LA;
      case "BOTH" -> BOTH;
      default -> NONE;
    };
  }

  public static String name(byte side) {
    return switch (side) {
      case KH -> "KH";
      case LA -> "LA";
      case BOTH -> "BOTH";
      default -> null;
    };
  }
}
