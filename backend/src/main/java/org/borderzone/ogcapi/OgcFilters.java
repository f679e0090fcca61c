package org.borderzone.ogcapi;

import java.util.List;
import org.borderzone.system.ApiException;
import org.springframework.stereotype.Component;

/**
 * The seam between the items request and the CQL2 parser (Part 3): turns {@code filter} into a bound SQL
 * fragment over the registry's queryables, and says which filter conformance classes are claimed. Until the
 * parser is wired, a {@code filter} is refused (400 naming it) and no filter class is listed.
 */
@Component
class OgcFilters {

  /** The filter conformance classes claimed (none until CQL2 is wired). */
  List<String> conformance() {
    return List.of();
  }

  /** The bound SQL of the request's filter, or null without one. */
  OgcSql.SqlFragment parse(Collections.Collection c, OgcParams.Items q) {
    if (q.filter() == null) {
      return null;
    }
    throw ApiException.badField("filter", "error.ogc-filter-unavailable");
  }
}
