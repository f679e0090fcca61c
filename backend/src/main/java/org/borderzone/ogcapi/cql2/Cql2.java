package org.borderzone.ogcapi.cql2;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.borderzone.system.Limits;

/**
 * CQL2 text (OGC 21-065r2) → a bound SQL predicate, for {@code filter} of the OGC API items. The text is
 * bounded first (length, then nesting, nodes, IN-list values and coordinates while it is parsed, see
 * {@link Limits.Filter}), split by {@link Lexer}, parsed by {@link Parser} (recursive descent over the ABNF,
 * properties resolved against the collection's queryables, literals validated, geometries with JTS) and turned
 * into SQL by {@link Cql2Sql} after the type checks. Any refusal is a {@link Cql2Exception}; nothing else is
 * thrown for any input text.
 *
 * <p>Conformance classes implemented: basic-cql2, advanced-comparison-operators, case-insensitive-comparison,
 * basic-spatial-functions, basic-spatial-functions-plus, spatial-functions, temporal-functions,
 * property-property (docs/OGCAPI.md, "Filtering (CQL2)").
 */
public final class Cql2 {

  /** The filter CRSs the server accepts: CRS84/EPSG:4326, UTM zone 48N and Web Mercator. */
  public static final Set<Integer> SRIDS = Set.of(4326, 32648, 3857);

  private static volatile Limits.Filter configured = Limits.Filter.DEFAULTS;

  private Cql2() {}

  /**
   * Parses {@code text} with coordinates in the east-north axis order of the SRID (CRS84 for 4326, UTM 48N,
   * Web Mercator), under the configured limits.
   *
   * @param queryables the collection's queryables by name: the only properties the filter may name
   * @param filterSrid 4326, 32648 or 3857, chosen by server code from {@code filter-crs}
   */
  public static SqlFilter parse(String text, Map<String, Queryable> queryables, int filterSrid) {
    return parse(text, queryables, filterSrid, false, configured);
  }

  /**
   * As {@link #parse(String, Map, int)}; {@code northEast} for a CRS whose first axis is northing/latitude:
   * {@code http://www.opengis.net/def/crs/EPSG/0/4326} (lat, lon), as against CRS84 (lon, lat). Geometry
   * literals and BBOX are then read in that order.
   */
  public static SqlFilter parse(String text, Map<String, Queryable> queryables, int filterSrid, boolean northEast) {
    return parse(text, queryables, filterSrid, northEast, configured);
  }

  static SqlFilter parse(String text, Map<String, Queryable> queryables, int filterSrid, boolean northEast,
      Limits.Filter limits) {
    Objects.requireNonNull(queryables, "queryables");
    if (!SRIDS.contains(filterSrid)) {
      throw new IllegalArgumentException("filter SRID " + filterSrid + " is not one of " + SRIDS);
    }
    if (text == null || text.isBlank()) {
      throw Cql2Exception.at(0, "error.cql2-empty");
    }
    if (text.length() > limits.chars()) {
      throw Cql2Exception.overLimit(limits.chars(), "error.limit-filter-chars", limits.chars(), text.length());
    }
    List<Token> tokens = Lexer.tokens(text);
    Ast.Bool ast = new Parser(tokens, queryables, filterSrid, northEast, limits).filter();
    return Cql2Sql.translate(ast);
  }

  /** The AST only (for tests of the grammar without SQL). */
  static Ast.Bool ast(String text, Map<String, Queryable> queryables, int filterSrid, Limits.Filter limits) {
    return new Parser(Lexer.tokens(text), queryables, filterSrid, false, limits).filter();
  }

  /** Set once at start-up from {@code borderzone.limits.filter} ({@link Cql2Limits}). */
  static void configure(Limits.Filter limits) {
    configured = Objects.requireNonNull(limits);
  }

  static Limits.Filter limits() {
    return configured;
  }
}
