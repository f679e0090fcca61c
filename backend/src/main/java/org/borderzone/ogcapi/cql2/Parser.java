package org.borderzone.ogcapi.cql2;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.ogcapi.cql2.Ast.Bool;
import org.borderzone.ogcapi.cql2.Ast.Operand;
import org.borderzone.system.Limits;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Recursive descent over the CQL2 text ABNF (OGC 21-065r2 annex B), one method per rule:
 * <pre>
 * booleanExpression = booleanTerm {"OR" booleanTerm}
 * booleanTerm       = booleanFactor {"AND" booleanFactor}
 * booleanFactor     = ["NOT"] booleanPrimary
 * booleanPrimary    = predicate | booleanLiteral | "(" booleanExpression ")"
 * predicate         = operand (comparisonOperator operand | ["NOT"] LIKE pattern | ["NOT"] BETWEEN operand AND operand
 *                     | ["NOT"] IN "(" operand {"," operand} ")" | IS ["NOT"] NULL)
 *                   | spatialFunction "(" operand "," operand ")" | temporalFunction "(" operand "," operand ")"
 * operand           = characterLiteral | numericLiteral | booleanLiteral | propertyName | CASEI "(" operand ")"
 *                   | DATE(...) | TIMESTAMP(...) | INTERVAL(...) | WKT geometry | BBOX(...)
 * </pre>
 * AND and OR chains are loops (a flat list), so only parentheses and CASEI recurse, and each of them counts
 * against {@code limits.depth()} before it descends: 10,000 opening parentheses stop at the 33rd. Every node
 * counts against {@code limits.nodes()}, every coordinate against {@code limits.coordinates()}. Property names
 * are resolved against the queryables here (unknown → error naming it); there are no functions besides the
 * fixed keywords, so any other {@code name(} is an unknown function.
 */
final class Parser {

  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?[Zz]");
  private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel());
  private static final double MERCATOR_MAX = 20037508.342789244;
  private static final int MAX_NAME_IN_MESSAGE = 64;

  private final List<Token> tokens;
  private final Map<String, Queryable> queryables;
  private final int srid;
  private final boolean northEast;
  private final Limits.Filter limits;
  private int p;
  private int depth;
  private int nodes;
  private int coordinates;

  Parser(List<Token> tokens, Map<String, Queryable> queryables, int srid, boolean northEast, Limits.Filter limits) {
    this.tokens = tokens;
    this.queryables = queryables;
    this.srid = srid;
    this.northEast = northEast;
    this.limits = limits;
  }

  Bool filter() {
    if (peek().kind() == Token.Kind.EOF) {
      throw Cql2Exception.at(0, "error.cql2-empty");
    }
    Bool b = booleanExpression();
    Token t = peek();
    if (t.kind() != Token.Kind.EOF) {
      throw t.kind() == Token.Kind.RPAREN ? Cql2Exception.at(t.pos(), "error.cql2-unbalanced")
          : unexpected(t, "error.cql2-expected-end");
    }
    return b;
  }

  // ------------------------------------------------------------------ boolean structure

  private Bool booleanExpression() {
    List<Bool> terms = new ArrayList<>();
    terms.add(booleanTerm());
    while (peek().is("OR")) {
      next();
      terms.add(booleanTerm());
    }
    return terms.size() == 1 ? terms.get(0) : node(new Ast.Or(List.copyOf(terms)), peek());
  }

  private Bool booleanTerm() {
    List<Bool> terms = new ArrayList<>();
    terms.add(booleanFactor());
    while (peek().is("AND")) {
      next();
      terms.add(booleanFactor());
    }
    return terms.size() == 1 ? terms.get(0) : node(new Ast.And(List.copyOf(terms)), peek());
  }

  private Bool booleanFactor() {
    if (peek().is("NOT")) {
      Token not = next();
      return node(new Ast.Not(booleanPrimary()), not);
    }
    return booleanPrimary();
  }

  private Bool booleanPrimary() {
    Token t = peek();
    if (t.kind() == Token.Kind.LPAREN) {
      enter(t);
      next();
      Bool inner = booleanExpression();
      expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
      depth--;
      return inner;
    }
    if (t.kind() == Token.Kind.IDENT) {
      String kw = t.keyword();
      boolean call = peek(1).kind() == Token.Kind.LPAREN;
      if (call && kw.startsWith("S_")) {
        return spatial(t, kw);
      }
      if (call && kw.startsWith("T_")) {
        return temporal(t, kw);
      }
      if (call && kw.startsWith("A_") && List.of("A_EQUALS", "A_CONTAINS", "A_CONTAINEDBY", "A_OVERLAPS")
          .contains(kw)) {
        throw Cql2Exception.at(t.pos(), "error.cql2-unsupported", kw);
      }
      if ((kw.equals("TRUE") || kw.equals("FALSE")) && !startsPredicateTail(peek(1))) {
        next();
        return node(new Ast.BoolConst(kw.equals("TRUE"), t.pos()), t);
      }
    }
    Operand left = operand();
    return predicateTail(left);
  }

  private static boolean startsPredicateTail(Token t) {
    return switch (t.kind()) {
      case EQ, NEQ, LT, GT, LTEQ, GTEQ -> true;
      case IDENT -> t.is("LIKE") || t.is("BETWEEN") || t.is("IN") || t.is("IS") || t.is("NOT");
      default -> false;
    };
  }

  private Bool predicateTail(Operand left) {
    Token t = peek();
    Ast.CompareOp op = switch (t.kind()) {
      case EQ -> Ast.CompareOp.EQ;
      case NEQ -> Ast.CompareOp.NEQ;
      case LT -> Ast.CompareOp.LT;
      case GT -> Ast.CompareOp.GT;
      case LTEQ -> Ast.CompareOp.LTEQ;
      case GTEQ -> Ast.CompareOp.GTEQ;
      default -> null;
    };
    if (op != null) {
      next();
      return node(new Ast.Compare(op, left, operand(), t.pos()), t);
    }
    if (t.is("IS")) {
      next();
      boolean negated = false;
      if (peek().is("NOT")) {
        next();
        negated = true;
      }
      Token n = next();
      if (!n.is("NULL")) {
        throw unexpected(n, "error.cql2-expected-null");
      }
      return node(new Ast.IsNull(left, negated, t.pos()), t);
    }
    boolean negated = false;
    Token kw = t;
    if (t.is("NOT")) {
      next();
      negated = true;
      kw = peek();
      if (!(kw.is("LIKE") || kw.is("BETWEEN") || kw.is("IN"))) {
        throw unexpected(kw, "error.cql2-expected-like-between-in");
      }
    }
    if (kw.is("LIKE")) {
      next();
      return like(left, negated, kw);
    }
    if (kw.is("BETWEEN")) {
      next();
      Operand low = operand();
      Token and = next();
      if (!and.is("AND")) {
        throw unexpected(and, "error.cql2-expected-and");
      }
      Operand high = operand();
      return node(new Ast.Between(left, low, high, negated, kw.pos()), kw);
    }
    if (kw.is("IN")) {
      next();
      expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
      List<Operand> list = new ArrayList<>();
      list.add(operand());
      while (peek().kind() == Token.Kind.COMMA) {
        next();
        list.add(operand());
        if (list.size() > limits.inList()) {
          throw Cql2Exception.overLimit(kw.pos(), "error.limit-filter-in-list", limits.inList(), list.size());
        }
      }
      expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
      return node(new Ast.In(left, List.copyOf(list), negated, kw.pos()), kw);
    }
    throw unexpected(t, "error.cql2-expected-operator");
  }

  /** {@code patternExpression = CASEI "(" patternExpression ")" | ACCENTI(...) | characterLiteral}. */
  private Bool like(Operand left, boolean negated, Token kw) {
    boolean casei = false;
    int opened = 0;
    while (peek().is("CASEI") || peek().is("ACCENTI")) {
      Token f = next();
      if (f.is("ACCENTI")) {
        throw Cql2Exception.at(f.pos(), "error.cql2-unsupported", "ACCENTI");
      }
      enter(f);
      expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
      casei = true;
      opened++;
    }
    Token s = next();
    if (s.kind() != Token.Kind.STRING) {
      throw unexpected(s, "error.cql2-expected-pattern");
    }
    for (int k = 0; k < opened; k++) {
      expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
      depth--;
    }
    Ast.StrLit pattern = node(new Ast.StrLit(s.text(), s.pos()), s);
    return node(new Ast.Like(left, pattern, casei, negated, kw.pos()), kw);
  }

  private Bool spatial(Token name, String kw) {
    Ast.SpatialFn fn = function(Ast.SpatialFn.class, name, kw);
    Operand[] ab = twoArguments();
    return node(new Ast.Spatial(fn, ab[0], ab[1], name.pos()), name);
  }

  private Bool temporal(Token name, String kw) {
    Ast.TemporalFn fn = function(Ast.TemporalFn.class, name, kw);
    Operand[] ab = twoArguments();
    return node(new Ast.Temporal(fn, ab[0], ab[1], name.pos()), name);
  }

  /** The function named {@code kw} of an allow-list enum; anything else is an unknown function at {@code name}. */
  private static <E extends Enum<E>> E function(Class<E> allowed, Token name, String kw) {
    try {
      return Enum.valueOf(allowed, kw);
    } catch (IllegalArgumentException e) {
      throw Cql2Exception.at(name.pos(), "error.cql2-unknown-function", shorten(name.text()));
    }
  }

  /** After the function name: {@code ( a , b )}. */
  private Operand[] twoArguments() {
    next();
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    Operand a = operand();
    expect(Token.Kind.COMMA, "error.cql2-expected-comma");
    Operand b = operand();
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    return new Operand[] {a, b};
  }

  // ------------------------------------------------------------------ operands

  private Operand operand() {
    Token t = next();
    switch (t.kind()) {
      case STRING:
        return node(new Ast.StrLit(t.text(), t.pos()), t);
      case NUMBER:
        return node(new Ast.NumLit(number(t), t.pos()), t);
      case QUOTED_IDENT:
        return property(t);
      case IDENT:
        return identifierOperand(t);
      case LPAREN:
      case ARITH:
        throw Cql2Exception.at(t.pos(), "error.cql2-unsupported", "arithmetic");
      case EOF:
        throw Cql2Exception.at(t.pos(), "error.cql2-unexpected-end");
      default:
        throw unexpected(t, "error.cql2-expected-operand");
    }
  }

  private Operand identifierOperand(Token t) {
    String kw = t.keyword();
    Token after = peek();
    boolean call = after.kind() == Token.Kind.LPAREN;
    boolean zCall = after.is("Z") && peek(1).kind() == Token.Kind.LPAREN;
    if (call || zCall) {
      switch (kw) {
        case "CASEI": {
          enter(t);
          next();
          Operand inner = operand();
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          depth--;
          return node(new Ast.CaseI(inner, t.pos()), t);
        }
        case "ACCENTI":
          throw Cql2Exception.at(t.pos(), "error.cql2-unsupported", "ACCENTI");
        case "DATE": {
          next();
          Token s = expectString();
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          return node(new Ast.DateLit(date(s), t.pos()), t);
        }
        case "TIMESTAMP": {
          next();
          Token s = expectString();
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          return node(new Ast.TimestampLit(timestamp(s), t.pos()), t);
        }
        case "INTERVAL":
          return interval(t);
        case "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON",
            "GEOMETRYCOLLECTION", "BBOX":
          return node(new Ast.GeomLit(geometryLiteral(t, kw, true), srid, t.pos()), t);
        default:
          if (call) {
            throw Cql2Exception.at(t.pos(), "error.cql2-unknown-function", shorten(t.text()));
          }
      }
    }
    if (kw.equals("TRUE") || kw.equals("FALSE")) {
      return node(new Ast.BoolLit(kw.equals("TRUE"), t.pos()), t);
    }
    return property(t);
  }

  private Ast.Prop property(Token t) {
    Queryable q = queryables.get(t.text());
    if (q == null) {
      throw Cql2Exception.at(t.pos(), "error.cql2-unknown-property", shorten(t.text()));
    }
    return node(new Ast.Prop(q, t.pos()), t);
  }

  /** {@code INTERVAL(instantParameter, instantParameter)}: date/timestamp strings, '..', properties. */
  private Operand interval(Token kw) {
    next(); // (
    Operand start = instantParameter();
    expect(Token.Kind.COMMA, "error.cql2-expected-comma");
    Operand end = instantParameter();
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    if (start != null && end != null && !(start instanceof Ast.Prop) && !(end instanceof Ast.Prop)) {
      if (start.getClass() != end.getClass()) { // a date and a timestamp: an interval of (UTC) dates
        start = asDate(start);
        end = asDate(end);
      }
      boolean reversed = start instanceof Ast.DateLit ds
          ? ds.value().isAfter(((Ast.DateLit) end).value())
          : ((Ast.TimestampLit) start).value().isAfter(((Ast.TimestampLit) end).value());
      if (reversed) {
        throw Cql2Exception.at(kw.pos(), "error.cql2-interval-reversed");
      }
    }
    return node(new Ast.IntervalLit(start, end, kw.pos()), kw);
  }

  /** The permitted type cast of 21-065r2 7.x for an interval of a date and a timestamp: its UTC date. */
  private static Operand asDate(Operand o) {
    return o instanceof Ast.TimestampLit ts
        ? new Ast.DateLit(ts.value().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(), ts.pos()) : o;
  }

  /** One end of an interval, or null for {@code '..'}. */
  private Operand instantParameter() {
    Token t = next();
    if (t.kind() == Token.Kind.STRING) {
      if (t.text().equals("..")) {
        return null;
      }
      if (TIMESTAMP.matcher(t.text()).matches()) {
        return node(new Ast.TimestampLit(timestamp(t), t.pos()), t);
      }
      return node(new Ast.DateLit(date(t), t.pos()), t);
    }
    if (t.kind() == Token.Kind.QUOTED_IDENT) {
      return property(t);
    }
    if (t.kind() == Token.Kind.IDENT) {
      if (peek().kind() == Token.Kind.LPAREN) {
        throw Cql2Exception.at(t.pos(), "error.cql2-unknown-function", shorten(t.text()));
      }
      return property(t);
    }
    throw unexpected(t, "error.cql2-expected-instant");
  }

  // ------------------------------------------------------------------ literals

  /** An integer that fits a long stays a Long; anything else becomes a finite double or is refused. */
  static Number number(Token t) {
    String s = t.text();
    boolean integer = s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
    if (integer) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        // too large for a long: a double below
      }
    }
    double d;
    try {
      d = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw Cql2Exception.at(t.pos(), "error.cql2-bad-number");
    }
    if (!Double.isFinite(d)) {
      throw Cql2Exception.at(t.pos(), "error.cql2-number-range");
    }
    return d;
  }

  private static LocalDate date(Token s) {
    Matcher m = DATE.matcher(s.text());
    if (!m.matches()) {
      throw Cql2Exception.at(s.pos(), "error.cql2-bad-date");
    }
    try {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      throw Cql2Exception.at(s.pos(), "error.cql2-bad-date");
    }
  }

  private static OffsetDateTime timestamp(Token s) {
    Matcher m = TIMESTAMP.matcher(s.text());
    if (!m.matches()) {
      throw Cql2Exception.at(s.pos(), "error.cql2-bad-timestamp");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = fraction.isEmpty() ? 0
        : Integer.parseInt((fraction.length() > 9 ? fraction.substring(0, 9) : fraction + "000000000").substring(0, 9));
    try {
      return OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos, ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw Cql2Exception.at(s.pos(), "error.cql2-bad-timestamp");
    }
  }

  /**
   * A WKT geometry or BBOX in the filter CRS, read into JTS (axes swapped to east, north for a north-east
   * CRS), every coordinate finite and inside the CRS's range, and the result valid (JTS {@link IsValidOp}:
   * closed rings, no self-intersection…). {@code topLevel} is false inside a GEOMETRYCOLLECTION, which may
   * not nest.
   */
  private Geometry geometryLiteral(Token name, String kw, boolean topLevel) {
    if (peek().is("Z")) {
      next();
    }
    Geometry g;
    try {
      g = switch (kw) {
        case "POINT" -> FACTORY.createPoint(pointText());
        case "LINESTRING" -> FACTORY.createLineString(coordinateList(2));
        case "POLYGON" -> polygonText();
        case "MULTIPOINT" -> multiPoint();
        case "MULTILINESTRING" -> {
          List<LineString> lines = new ArrayList<>();
          expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
          do {
            lines.add(FACTORY.createLineString(coordinateList(2)));
          } while (comma());
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          yield FACTORY.createMultiLineString(lines.toArray(LineString[]::new));
        }
        case "MULTIPOLYGON" -> {
          List<Polygon> polygons = new ArrayList<>();
          expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
          do {
            polygons.add(polygonText());
          } while (comma());
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          yield FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
        }
        case "GEOMETRYCOLLECTION" -> {
          if (!topLevel) {
            throw Cql2Exception.at(name.pos(), "error.cql2-nested-collection");
          }
          List<Geometry> parts = new ArrayList<>();
          expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
          do {
            Token part = peek();
            String partKw = part.keyword();
            if (partKw == null || !List.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                "MULTIPOLYGON", "GEOMETRYCOLLECTION").contains(partKw)) {
              throw unexpected(part, "error.cql2-expected-geometry");
            }
            next();
            parts.add(geometryLiteral(part, partKw, false));
          } while (comma());
          expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
          yield FACTORY.createGeometryCollection(parts.toArray(Geometry[]::new));
        }
        case "BBOX" -> bbox(name);
        default -> throw unexpected(name, "error.cql2-expected-geometry");
      };
    } catch (IllegalArgumentException e) { // JTS: ring not closed, too few points…
      throw Cql2Exception.at(name.pos(), "error.cql2-invalid-geometry", String.valueOf(e.getMessage()));
    }
    IsValidOp valid = new IsValidOp(g);
    if (!valid.isValid()) {
      TopologyValidationError err = valid.getValidationError();
      throw Cql2Exception.at(name.pos(), "error.cql2-invalid-geometry", err.getMessage()
          + (err.getCoordinate() == null ? "" : " (" + err.getCoordinate().x + " " + err.getCoordinate().y + ")"));
    }
    return g;
  }

  private boolean comma() {
    if (peek().kind() == Token.Kind.COMMA) {
      next();
      return true;
    }
    return false;
  }

  /** {@code "(" point ")"}. */
  private Coordinate pointText() {
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    Coordinate c = point();
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    return c;
  }

  /** {@code "(" point {"," point} ")"} with at least {@code min} points. */
  private Coordinate[] coordinateList(int min) {
    Token open = peek();
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    List<Coordinate> cs = new ArrayList<>();
    do {
      cs.add(point());
    } while (comma());
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    if (cs.size() < min) {
      throw Cql2Exception.at(open.pos(), "error.cql2-too-few-points", min);
    }
    return cs.toArray(Coordinate[]::new);
  }

  private Polygon polygonText() {
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    List<LinearRing> rings = new ArrayList<>();
    do {
      rings.add(FACTORY.createLinearRing(coordinateList(4)));
    } while (comma());
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    return FACTORY.createPolygon(rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
  }

  /** {@code MULTIPOINT((x y), (x y))} as the ABNF has it, and the older {@code MULTIPOINT(x y, x y)}. */
  private Geometry multiPoint() {
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    List<Point> points = new ArrayList<>();
    do {
      points.add(FACTORY.createPoint(peek().kind() == Token.Kind.LPAREN ? pointText() : point()));
    } while (comma());
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    return FACTORY.createMultiPoint(points.toArray(Point[]::new));
  }

  /** {@code x y [z]}: z is read and dropped (the data are 2D). */
  private Coordinate point() {
    Token first = peek();
    double a = coordinate();
    double b = coordinate();
    if (peek().kind() == Token.Kind.NUMBER) {
      coordinate();
    }
    countCoordinate(first);
    Coordinate c = northEast ? new Coordinate(b, a) : new Coordinate(a, b);
    checkRange(first, c.x, c.y);
    return c;
  }

  private double coordinate() {
    Token t = next();
    if (t.kind() != Token.Kind.NUMBER) {
      throw unexpected(t, "error.cql2-expected-number");
    }
    return number(t).doubleValue();
  }

  private void countCoordinate(Token at) {
    if (++coordinates > limits.coordinates()) {
      throw Cql2Exception.overLimit(at.pos(), "error.limit-filter-coordinates", limits.coordinates(), coordinates);
    }
  }

  /** The CRS's valid range: lon/lat degrees; Web Mercator's square; UTM 48N eastings and northings. */
  private void checkRange(Token at, double x, double y) {
    boolean ok = switch (srid) {
      case 4326 -> x >= -180 && x <= 180 && y >= -90 && y <= 90;
      case 3857 -> Math.abs(x) <= MERCATOR_MAX && Math.abs(y) <= MERCATOR_MAX;
      case 32648 -> x >= -2_000_000 && x <= 3_000_000 && y >= -10_000_000 && y <= 10_000_000;
      default -> false;
    };
    if (!ok) {
      throw Cql2Exception.at(at.pos(), "error.cql2-coordinate-range", "EPSG:" + srid);
    }
  }

  /** {@code BBOX(west, south, [minElev,] east, north [, maxElev])}, west ≤ east and south ≤ north. */
  private Geometry bbox(Token name) {
    expect(Token.Kind.LPAREN, "error.cql2-expected-lparen");
    List<Double> v = new ArrayList<>();
    do {
      v.add(coordinate());
    } while (comma() && v.size() < 7);
    expect(Token.Kind.RPAREN, "error.cql2-expected-rparen");
    if (v.size() != 4 && v.size() != 6) {
      throw Cql2Exception.at(name.pos(), "error.cql2-bbox-arity");
    }
    int half = v.size() / 2;
    double a1 = v.get(0);
    double b1 = v.get(1);
    double a2 = v.get(half);
    double b2 = v.get(half + 1);
    double minX = northEast ? b1 : a1;
    double minY = northEast ? a1 : b1;
    double maxX = northEast ? b2 : a2;
    double maxY = northEast ? a2 : b2;
    countCoordinate(name);
    countCoordinate(name);
    checkRange(name, minX, minY);
    checkRange(name, maxX, maxY);
    if (minX > maxX || minY > maxY) {
      throw Cql2Exception.at(name.pos(), "error.cql2-bbox-order");
    }
    if (minX == maxX && minY == maxY) {
      return FACTORY.createPoint(new Coordinate(minX, minY));
    }
    if (minX == maxX || minY == maxY) {
      return FACTORY.createLineString(new Coordinate[] {new Coordinate(minX, minY), new Coordinate(maxX, maxY)});
    }
    return FACTORY.createPolygon(new Coordinate[] {new Coordinate(minX, minY), new Coordinate(maxX, minY),
        new Coordinate(maxX, maxY), new Coordinate(minX, maxY), new Coordinate(minX, minY)});
  }

  // ------------------------------------------------------------------ plumbing

  private Token expectString() {
    Token s = next();
    if (s.kind() != Token.Kind.STRING) {
      throw unexpected(s, "error.cql2-expected-string");
    }
    return s;
  }

  private void enter(Token at) {
    if (++depth > limits.depth()) {
      throw Cql2Exception.overLimit(at.pos(), "error.limit-filter-depth", limits.depth(), depth);
    }
  }

  private <T> T node(T n, Token at) {
    if (++nodes > limits.nodes()) {
      throw Cql2Exception.overLimit(at.pos(), "error.limit-filter-nodes", limits.nodes(), nodes);
    }
    return n;
  }

  private Token peek() {
    return tokens.get(p);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(p + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(p);
    if (p < tokens.size() - 1) {
      p++;
    }
    return t;
  }

  private void expect(Token.Kind kind, String code) {
    Token t = next();
    if (t.kind() != kind) {
      throw unexpected(t, code);
    }
  }

  /** A token the rule did not expect: at its position, naming what came (EOF: "end of filter"). */
  private static Cql2Exception unexpected(Token t, String code) {
    if (t.kind() == Token.Kind.EOF) {
      return Cql2Exception.at(t.pos(), "error.cql2-unexpected-end");
    }
    return Cql2Exception.at(t.pos(), code, shorten(t.kind() == Token.Kind.STRING ? "'" + t.text() + "'" : t.text()));
  }

  static String shorten(String s) {
    return s.length() <= MAX_NAME_IN_MESSAGE ? s : s.substring(0, MAX_NAME_IN_MESSAGE) + "…";
  }
}
