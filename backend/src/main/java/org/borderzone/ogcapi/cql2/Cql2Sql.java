package org.borderzone.ogcapi.cql2;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.borderzone.ogcapi.cql2.Ast.Bool;
import org.borderzone.ogcapi.cql2.Ast.Operand;
import org.locationtech.jts.io.WKBWriter;

/**
 * The SQL of a parsed CQL2 filter, after the type checks. The text is made only of the queryables' columns
 * (server code chose them), the fixed operators and PostGIS function names of {@link Ast}, casts to fixed
 * types and the named parameters {@code :cql0}, {@code :cql1} …: every literal of the filter is bound, never
 * spliced, and the only integers in the text are the server's SRIDs.
 *
 * <p>Types: STRING, numbers (INTEGER and NUMBER compare with each other), BOOLEAN (= and &lt;&gt; only),
 * TIMESTAMP and DATE (instants; a DATE literal against a TIMESTAMP property compares the property's UTC
 * date), GEOMETRY (spatial functions and IS NULL only). Temporal functions follow table 1 and 2 of OGC
 * 21-065r2 on closed intervals [begin, end] (an instant is [t, t], {@code '..'} is ±infinity); the functions
 * of table 2 refuse instants, as the standard says.
 */
final class Cql2Sql {

  /** The type of an operand for the checks (INTEGER and NUMBER are one NUMBER). */
  enum Type { STRING, NUMBER, BOOLEAN, TIMESTAMP, DATE, GEOMETRY, INTERVAL }

  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, String> dateColumns = new java.util.HashMap<>();

  static SqlFilter translate(Bool filter) {
    Cql2Sql t = new Cql2Sql();
    String where = t.bool(filter);
    return new SqlFilter(where, t.params);
  }

  private String bool(Bool b) {
    if (b instanceof Ast.And a) {
      return join(a.terms(), " AND ");
    } else if (b instanceof Ast.Or o) {
      return join(o.terms(), " OR ");
    } else if (b instanceof Ast.Not n) {
      return "(NOT " + bool(n.term()) + ")";
    } else if (b instanceof Ast.BoolConst c) {
      return c.value() ? "TRUE" : "FALSE";
    } else if (b instanceof Ast.Compare c) {
      return compare(c);
    } else if (b instanceof Ast.Like l) {
      return like(l);
    } else if (b instanceof Ast.Between bt) {
      return between(bt);
    } else if (b instanceof Ast.In in) {
      return in(in);
    } else if (b instanceof Ast.IsNull n) {
      return isNull(n);
    } else if (b instanceof Ast.Spatial sp) {
      return spatial(sp);
    } else if (b instanceof Ast.Temporal t) {
      return temporal(t);
    }
    throw new IllegalStateException("unknown node " + b.getClass());
  }

  private String join(List<Bool> terms, String op) {
    StringJoiner j = new StringJoiner(op, "(", ")");
    for (Bool t : terms) {
      j.add(bool(t));
    }
    return j.toString();
  }

  // ------------------------------------------------------------------ comparisons

  private String compare(Ast.Compare c) {
    Type l = type(c.left());
    Type r = type(c.right());
    for (Operand o : List.of(c.left(), c.right())) {
      Type t = type(o);
      if (t == Type.GEOMETRY || t == Type.INTERVAL) {
        throw Cql2Exception.at(o.pos(), "error.cql2-not-comparable", t.name());
      }
    }
    if (temporal(l) && temporal(r)) {
      Type mode = (l == Type.DATE || r == Type.DATE) ? Type.DATE : Type.TIMESTAMP;
      return "(" + cmp(instant(c.left(), mode), c.op().sql, instant(c.right(), mode), mode) + ")";
    }
    if (l != r) {
      throw Cql2Exception.at(c.pos(), "error.cql2-type-mismatch", l.name(), r.name());
    }
    if (l == Type.BOOLEAN && c.op() != Ast.CompareOp.EQ && c.op() != Ast.CompareOp.NEQ) {
      throw Cql2Exception.at(c.pos(), "error.cql2-not-ordered", l.name());
    }
    return "(" + scalar(c.left()) + " " + c.op().sql + " " + scalar(c.right()) + ")";
  }

  private String like(Ast.Like l) {
    Type t = type(l.left());
    if (t != Type.STRING) {
      throw Cql2Exception.at(l.left().pos(), "error.cql2-type-expected", "STRING", t.name());
    }
    String pattern = l.pattern().value();
    int trailing = 0;
    for (int k = pattern.length() - 1; k >= 0 && pattern.charAt(k) == '\\'; k--) {
      trailing++;
    }
    if (trailing % 2 == 1) { // PostgreSQL refuses a pattern that ends in the escape character
      throw Cql2Exception.at(l.pattern().pos(), "error.cql2-like-escape");
    }
    String p = bind(pattern, "text");
    return "(" + scalar(l.left()) + (l.negated() ? " NOT LIKE " : " LIKE ")
        + (l.caseInsensitive() ? "lower(" + p + ")" : p) + " ESCAPE '\\')";
  }

  private String between(Ast.Between b) {
    for (Operand o : List.of(b.value(), b.low(), b.high())) {
      Type t = type(o);
      if (t != Type.NUMBER) {
        throw Cql2Exception.at(o.pos(), "error.cql2-type-expected", "NUMBER", t.name());
      }
    }
    return "(" + scalar(b.value()) + (b.negated() ? " NOT BETWEEN " : " BETWEEN ") + scalar(b.low()) + " AND "
        + scalar(b.high()) + ")";
  }

  private String in(Ast.In in) {
    Type t = type(in.value());
    if (t == Type.GEOMETRY || t == Type.INTERVAL) {
      throw Cql2Exception.at(in.value().pos(), "error.cql2-not-comparable", t.name());
    }
    boolean anyDate = t == Type.DATE;
    for (Operand o : in.list()) {
      Type e = type(o);
      if (!(e == t || (temporal(t) && temporal(e)))) {
        throw Cql2Exception.at(o.pos(), "error.cql2-type-mismatch", t.name(), e.name());
      }
      anyDate |= e == Type.DATE;
    }
    Type mode = anyDate ? Type.DATE : Type.TIMESTAMP;
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (Operand o : in.list()) {
      j.add(temporal(t) ? instant(o, mode) : scalar(o));
    }
    String value = temporal(t) ? instant(in.value(), mode) : scalar(in.value());
    return "(" + value + (in.negated() ? " NOT IN " : " IN ") + j + ")";
  }

  private String isNull(Ast.IsNull n) {
    if (type(n.value()) == Type.INTERVAL) {
      throw Cql2Exception.at(n.value().pos(), "error.cql2-not-comparable", Type.INTERVAL.name());
    }
    return "(" + scalar(n.value()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
  }

  private String spatial(Ast.Spatial s) {
    for (Operand o : List.of(s.a(), s.b())) {
      Type t = type(o);
      if (t != Type.GEOMETRY) {
        throw Cql2Exception.at(o.pos(), "error.cql2-type-expected", "GEOMETRY", t.name());
      }
    }
    return s.fn().sql + "(" + scalar(s.a()) + ", " + scalar(s.b()) + ")";
  }

  // ------------------------------------------------------------------ temporal functions

  private String temporal(Ast.Temporal t) {
    for (Operand o : List.of(t.a(), t.b())) {
      Type type = type(o);
      if (!temporal(type) && type != Type.INTERVAL) {
        throw Cql2Exception.at(o.pos(), "error.cql2-type-expected", "TIMESTAMP, DATE or INTERVAL", type.name());
      }
      if (t.fn().intervalsOnly && type != Type.INTERVAL) {
        throw Cql2Exception.at(o.pos(), "error.cql2-intervals-only", t.fn().name());
      }
    }
    Type mode = temporalMode(t.a(), t.b());
    String template = switch (t.fn()) {
      case T_AFTER -> "B1 > E2";
      case T_BEFORE -> "E1 < B2";
      case T_DISJOINT -> "E1 < B2 OR B1 > E2";
      case T_EQUALS -> "B1 = B2 AND E1 = E2";
      case T_INTERSECTS -> "B1 <= E2 AND E1 >= B2";
      case T_CONTAINS -> "B1 < B2 AND E1 > E2";
      case T_DURING -> "B1 > B2 AND E1 < E2";
      case T_FINISHEDBY -> "B1 < B2 AND E1 = E2";
      case T_FINISHES -> "B1 > B2 AND E1 = E2";
      case T_MEETS -> "E1 = B2";
      case T_METBY -> "B1 = E2";
      case T_OVERLAPPEDBY -> "B2 < B1 AND B1 < E2 AND E2 < E1";
      case T_OVERLAPS -> "B1 < B2 AND B2 < E1 AND E1 < E2";
      case T_STARTEDBY -> "B1 = B2 AND E1 > E2";
      case T_STARTS -> "B1 = B2 AND E1 < E2";
    };
    // each end is rendered (and its literal bound) once, on first use: an instant is its own begin and end
    Map<String, String> ends = new LinkedHashMap<>();
    String[] parts = template.split(" ");
    StringBuilder sql = new StringBuilder("(");
    for (int k = 0; k < parts.length; k += 4) {
      if (k > 0) {
        sql.append(' ').append(parts[k - 1]).append(' ');
      }
      sql.append(cmp(end(t, parts[k], ends, mode), parts[k + 1], end(t, parts[k + 2], ends, mode), mode));
    }
    return sql.append(")").toString();
  }

  /** The SQL of {@code B1}, {@code E1}, {@code B2} or {@code E2} of {@code t}, rendered once. */
  private String end(Ast.Temporal t, String name, Map<String, String> ends, Type mode) {
    Operand o = name.charAt(1) == '1' ? t.a() : t.b();
    boolean isBegin = name.charAt(0) == 'B';
    String key = o instanceof Ast.IntervalLit ? name : "I" + name.charAt(1);
    return ends.computeIfAbsent(key, k -> isBegin ? begin(o, mode) : end(o, mode));
  }

  /**
   * {@code a op b} between two instants. At DATE granularity a TIMESTAMP column is rendered as its UTC date
   * ({@link #utcDate}); compared with a date value it becomes a range on the column itself, so that its index
   * serves: {@code date(c) < d} is {@code c < d 00:00Z}, {@code date(c) <= d} is {@code c < (d+1) 00:00Z},
   * {@code date(c) = d} is {@code c >= d 00:00Z AND c < (d+1) 00:00Z}, and so on.
   */
  private String cmp(String a, String op, String b, Type mode) {
    if (mode == Type.DATE) {
      String ca = dateColumns.get(a);
      String cb = dateColumns.get(b);
      if (ca != null && cb == null) {
        return dateRange(ca, op, b);
      }
      if (cb != null && ca == null) {
        return dateRange(cb, flip(op), a);
      }
    }
    return a + " " + op + " " + b;
  }

  private static String dateRange(String column, String op, String date) {
    String start = "(CAST(" + date + " AS timestamp) AT TIME ZONE 'UTC')";
    String next = "(CAST(" + date + " + 1 AS timestamp) AT TIME ZONE 'UTC')";
    return switch (op) {
      case "<" -> column + " < " + start;
      case "<=" -> column + " < " + next;
      case ">" -> column + " >= " + next;
      case ">=" -> column + " >= " + start;
      case "=" -> "(" + column + " >= " + start + " AND " + column + " < " + next + ")";
      case "<>" -> "(NOT (" + column + " >= " + start + " AND " + column + " < " + next + "))";
      default -> throw new IllegalStateException(op);
    };
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  /** A TIMESTAMP column at DATE granularity; remembered, so that {@link #cmp} can find the column again. */
  private String utcDate(String column) {
    String sql = "CAST((" + column + ") AT TIME ZONE 'UTC' AS date)";
    dateColumns.put(sql, "(" + column + ")");
    return sql;
  }

  /**
   * DATE when a DATE literal takes part (the coarser granularity wins: the TIMESTAMP side is compared as its
   * UTC date) or when every property is a DATE and no TIMESTAMP literal takes part; else TIMESTAMP.
   */
  private static Type temporalMode(Operand... operands) {
    boolean dateLiteral = false;
    boolean timestampLiteral = false;
    boolean timestampProperty = false;
    for (Operand o : operands) {
      for (Operand x : o instanceof Ast.IntervalLit iv ? new Operand[] {iv.start(), iv.end()} : new Operand[] {o}) {
        if (x instanceof Ast.DateLit) {
          dateLiteral = true;
        } else if (x instanceof Ast.TimestampLit) {
          timestampLiteral = true;
        } else if (x instanceof Ast.Prop p && p.queryable().type() == QueryableType.TIMESTAMP) {
          timestampProperty = true;
        }
      }
    }
    return dateLiteral || !(timestampLiteral || timestampProperty) ? Type.DATE : Type.TIMESTAMP;
  }

  private String begin(Operand o, Type mode) {
    if (o instanceof Ast.IntervalLit iv) {
      return iv.start() == null ? infinity("-infinity", mode) : instant(iv.start(), mode);
    }
    return instant(o, mode);
  }

  private String end(Operand o, Type mode) {
    if (o instanceof Ast.IntervalLit iv) {
      return iv.end() == null ? infinity("infinity", mode) : instant(iv.end(), mode);
    }
    return instant(o, mode);
  }

  private static String infinity(String which, Type mode) {
    return "CAST('" + which + "' AS " + (mode == Type.DATE ? "date" : "timestamptz") + ")";
  }

  /** An instant (property or literal) at the granularity {@code mode}. */
  private String instant(Operand o, Type mode) {
    Type t = type(o);
    if (!temporal(t)) {
      throw Cql2Exception.at(o.pos(), "error.cql2-type-expected", "TIMESTAMP or DATE", t.name());
    }
    if (o instanceof Ast.Prop p && t == Type.TIMESTAMP && mode == Type.DATE) {
      return utcDate(p.queryable().column());
    }
    if (o instanceof Ast.Prop p && t == Type.DATE && mode == Type.TIMESTAMP) {
      return "(CAST((" + p.queryable().column() + ") AS timestamp) AT TIME ZONE 'UTC')";
    }
    if (o instanceof Ast.TimestampLit ts && mode == Type.DATE) {
      return bind(ts.value().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(), "date");
    }
    return scalar(o);
  }

  // ------------------------------------------------------------------ operands

  static boolean temporal(Type t) {
    return t == Type.TIMESTAMP || t == Type.DATE;
  }

  static Type type(Operand o) {
    if (o instanceof Ast.Prop p) {
      return switch (p.queryable().type()) {
        case STRING -> Type.STRING;
        case INTEGER, NUMBER -> Type.NUMBER;
        case BOOLEAN -> Type.BOOLEAN;
        case TIMESTAMP -> Type.TIMESTAMP;
        case DATE -> Type.DATE;
        case GEOMETRY -> Type.GEOMETRY;
      };
    } else if (o instanceof Ast.StrLit) {
      return Type.STRING;
    } else if (o instanceof Ast.NumLit) {
      return Type.NUMBER;
    } else if (o instanceof Ast.BoolLit) {
      return Type.BOOLEAN;
    } else if (o instanceof Ast.TimestampLit) {
      return Type.TIMESTAMP;
    } else if (o instanceof Ast.DateLit) {
      return Type.DATE;
    } else if (o instanceof Ast.GeomLit) {
      return Type.GEOMETRY;
    } else if (o instanceof Ast.IntervalLit) {
      return Type.INTERVAL;
    } else if (o instanceof Ast.CaseI c) {
      Type inner = type(c.value());
      if (inner != Type.STRING) {
        throw Cql2Exception.at(c.value().pos(), "error.cql2-type-expected", "STRING", inner.name());
      }
      return Type.STRING;
    }
    throw new IllegalStateException("unknown operand " + o.getClass());
  }

  private String scalar(Operand o) {
    if (o instanceof Ast.Prop p) {
      return "(" + p.queryable().column() + ")";
    } else if (o instanceof Ast.StrLit s) {
      return bind(s.value(), "text");
    } else if (o instanceof Ast.NumLit n) {
      return n.value() instanceof Long ? bind(n.value(), "bigint") : bind(n.value(), "double precision");
    } else if (o instanceof Ast.BoolLit b) {
      return bind(b.value(), "boolean");
    } else if (o instanceof Ast.TimestampLit ts) {
      return bind(ts.value(), "timestamptz");
    } else if (o instanceof Ast.DateLit d) {
      return bind(d.value(), "date");
    } else if (o instanceof Ast.GeomLit g) {
      return geometry(g);
    } else if (o instanceof Ast.CaseI c) {
      type(c); // STRING inside
      return "lower(" + scalar(c.value()) + ")";
    }
    throw Cql2Exception.at(o.pos(), "error.cql2-not-comparable", type(o).name());
  }

  /** WKB bound as bytea, in the filter CRS (a server-validated SRID), transformed to the data's EPSG:4326. */
  private String geometry(Ast.GeomLit g) {
    String wkb = "ST_GeomFromWKB(" + bind(new WKBWriter(2).write(g.value()), "bytea") + ", " + g.srid() + ")";
    return g.srid() == 4326 ? wkb : "ST_Transform(" + wkb + ", 4326)";
  }

  private String bind(Object value, String sqlType) {
    String name = "cql" + params.size();
    params.put(name, value);
    return "CAST(:" + name + " AS " + sqlType + ")";
  }
}
