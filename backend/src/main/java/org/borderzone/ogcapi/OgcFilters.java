package org.borderzone.ogcapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.ogcapi.cql2.Cql2;
import org.borderzone.ogcapi.cql2.Cql2Exception;
import org.borderzone.ogcapi.cql2.Queryable;
import org.borderzone.ogcapi.cql2.QueryableType;
import org.borderzone.ogcapi.cql2.SqlFilter;
import org.springframework.stereotype.Component;

/**
 * The seam between the items request and the CQL2 parser (Part 3, {@code ogcapi.cql2}): the collection's
 * queryables from the registry (the same list {@code /queryables} publishes, plus {@code geometry}) are the
 * only names a filter may use; {@code filter-crs} picks the SRID and axis order of its literals. A refused
 * filter is a 400 (422 over a limit) naming {@code filter}.
 */
@Component
class OgcFilters {

  private static final String CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf/";
  private static final String PART3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";

  /**
   * The filter classes claimed: Part 3's filter and features-filter, CQL2 text and the CQL2 classes the
   * parser implements fully (docs/OGCAPI.md, "Filtering (CQL2)"). QGIS enables filters when filter,
   * features-filter, cql2-text and basic-cql2 are all listed.
   */
  static final List<String> CLASSES = List.of(PART3 + "filter", PART3 + "features-filter", CQL2 + "cql2-text",
      CQL2 + "basic-cql2", CQL2 + "advanced-comparison-operators", CQL2 + "case-insensitive-comparison",
      CQL2 + "basic-spatial-functions", CQL2 + "basic-spatial-functions-plus", CQL2 + "spatial-functions",
      CQL2 + "temporal-functions", CQL2 + "property-property");

  static Map<String, Queryable> queryables(Collections.Collection c) {
    Map<String, Queryable> m = new LinkedHashMap<>();
    m.put("geometry", new Queryable("geometry", QueryableType.GEOMETRY, c.geomColumn(), List.of(),
        c.geometryType()));
    for (Collections.Property p : c.queryables()) {
      m.put(p.name(), new Queryable(p.name(), QueryableType.valueOf(p.type().name()), p.column(), p.enumValues(),
          p.description()));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The filter conformance classes claimed. */
  List<String> conformance() {
    return CLASSES;
  }

  /** The bound SQL of the request's filter, or null without one. */
  OgcSql.SqlFragment parse(Collections.Collection c, OgcParams.Items q) {
    if (q.filter() == null) {
      return null;
    }
    try {
      SqlFilter f = Cql2.parse(q.filter(), queryables(c), q.filterCrs().srid, q.filterCrs().latFirst);
      return new OgcSql.SqlFragment(f.where(), f.params());
    } catch (Cql2Exception e) {
      throw e.toApiException("filter");
    }
  }
}
