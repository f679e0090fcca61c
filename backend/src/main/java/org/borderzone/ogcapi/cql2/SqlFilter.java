package org.borderzone.ogcapi.cql2;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CQL2 filter translated to SQL: {@code where} is a boolean SQL expression built only from the queryables'
 * columns, fixed operator and function names and the named parameters {@code :cql0}, {@code :cql1} …; every
 * value of the filter is in {@code params} (String, Long, Double, Boolean, OffsetDateTime, LocalDate, or WKB
 * {@code byte[]} for geometries). Nothing of the request text is spliced into {@code where}.
 */
public record SqlFilter(String where, Map<String, Object> params) {

  public SqlFilter {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
