package org.borderzone.ogcapi.cql2;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * The syntax tree of a CQL2 filter. Properties are already resolved against the queryables (a {@link Prop}
 * holds the server's {@link Queryable}, never the client's spelling alone); literals are already typed and
 * validated values. Every node keeps its position in the text for the messages of the type checks.
 */
final class Ast {

  private Ast() {}

  /** A boolean-valued node: the filter and its parts. */
  sealed interface Bool permits And, Or, Not, BoolConst, Compare, Like, Between, In, IsNull, Spatial, Temporal {}

  record And(List<Bool> terms) implements Bool {}

  record Or(List<Bool> terms) implements Bool {}

  record Not(Bool term) implements Bool {}

  record BoolConst(boolean value, int pos) implements Bool {}

  enum CompareOp {
    EQ("="), NEQ("<>"), LT("<"), GT(">"), LTEQ("<="), GTEQ(">=");

    final String sql;

    CompareOp(String sql) {
      this.sql = sql;
    }
  }

  record Compare(CompareOp op, Operand left, Operand right, int pos) implements Bool {}

  /** {@code left [NOT] LIKE pattern}; {@code casei} when the pattern was wrapped in CASEI. */
  record Like(Operand left, StrLit pattern, boolean caseInsensitive, boolean negated, int pos) implements Bool {}

  record Between(Operand value, Operand low, Operand high, boolean negated, int pos) implements Bool {}

  record In(Operand value, List<Operand> list, boolean negated, int pos) implements Bool {}

  record IsNull(Operand value, boolean negated, int pos) implements Bool {}

  enum SpatialFn {
    S_INTERSECTS("ST_Intersects"), S_EQUALS("ST_Equals"), S_DISJOINT("ST_Disjoint"), S_TOUCHES("ST_Touches"),
    S_WITHIN("ST_Within"), S_OVERLAPS("ST_Overlaps"), S_CROSSES("ST_Crosses"), S_CONTAINS("ST_Contains");

    final String sql;

    SpatialFn(String sql) {
      this.sql = sql;
    }
  }

  record Spatial(SpatialFn fn, Operand a, Operand b, int pos) implements Bool {}

  enum TemporalFn {
    T_AFTER(false), T_BEFORE(false), T_DISJOINT(false), T_EQUALS(false), T_INTERSECTS(false),
    T_CONTAINS(true), T_DURING(true), T_FINISHEDBY(true), T_FINISHES(true), T_MEETS(true), T_METBY(true),
    T_OVERLAPPEDBY(true), T_OVERLAPS(true), T_STARTEDBY(true), T_STARTS(true);

    /** Table 2 of the standard: defined between intervals only; an instant operand is a client error. */
    final boolean intervalsOnly;

    TemporalFn(boolean intervalsOnly) {
      this.intervalsOnly = intervalsOnly;
    }
  }

  record Temporal(TemporalFn fn, Operand a, Operand b, int pos) implements Bool {}

  /** A value: a property, a literal or CASEI of one. */
  sealed interface Operand permits Prop, StrLit, NumLit, BoolLit, TimestampLit, DateLit, GeomLit, IntervalLit,
      CaseI {
    int pos();
  }

  record Prop(Queryable queryable, int pos) implements Operand {}

  record StrLit(String value, int pos) implements Operand {}

  /** A Long (integers that fit) or a finite Double. */
  record NumLit(Number value, int pos) implements Operand {}

  record BoolLit(boolean value, int pos) implements Operand {}

  record TimestampLit(OffsetDateTime value, int pos) implements Operand {}

  record DateLit(LocalDate value, int pos) implements Operand {}

  /** A validated geometry in the filter CRS (axes already east, north), and that CRS's SRID. */
  record GeomLit(Geometry value, int srid, int pos) implements Operand {}

  /**
   * {@code INTERVAL(start, end)}: each end is a {@link TimestampLit}, a {@link DateLit}, a {@link Prop} or
   * null for an open end ({@code '..'}).
   */
  record IntervalLit(Operand start, Operand end, int pos) implements Operand {}

  record CaseI(Operand value, int pos) implements Operand {}
}
