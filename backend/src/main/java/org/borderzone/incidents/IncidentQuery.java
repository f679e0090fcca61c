package org.borderzone.incidents;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.borderzone.geo.Extent;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The filters and page of {@code GET /api/incidents}: all optional; {@code from} inclusive, {@code to}
 * exclusive (ISO 8601 instants), lists comma-separated. {@code page} counts from 0.
 */
record IncidentQuery(Extent bbox, OffsetDateTime from, OffsetDateTime to, Set<String> types, Set<String> statuses,
    Set<Integer> severities, Integer minSeverity, String source, int page, int size) {

  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 1000;

  /** Parses and checks the query parameters; every problem is a 400 naming the parameter. */
  static IncidentQuery parse(String bbox, String from, String to, String type, String status, String severity,
      Integer minSeverity, String source, Integer page, Integer size) {
    Extent box = Extent.parseBbox(bbox, "bbox");
    OffsetDateTime f = instant(from, "from");
    OffsetDateTime t = instant(to, "to");
    if (f != null && t != null && f.isAfter(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    Set<String> types = null;
    if (type != null && !type.isBlank()) {
      types = new LinkedHashSet<>();
      for (String v : type.split(",")) {
        IncidentType it = IncidentType.find(v);
        if (it == null) {
          throw ApiException.badField("type", "error.unknown-value", v.strip(), IncidentType.NAMES);
        }
        types.add(it.name());
      }
    }
    Set<String> statuses = null;
    if (status != null && !status.isBlank()) {
      statuses = new LinkedHashSet<>();
      for (String v : status.split(",")) {
        IncidentStatus st = IncidentStatus.find(v);
        if (st == null) {
          throw ApiException.badField("status", "error.unknown-value", v.strip(), IncidentStatus.NAMES);
        }
        statuses.add(st.name());
      }
    }
    Set<Integer> severities = null;
    if (severity != null && !severity.isBlank()) {
      severities = new LinkedHashSet<>();
      for (String v : severity.split(",")) {
        List<Problem> p = new ArrayList<>();
        Integer s = IncidentRules.severity(v, "severity", p);
        if (!p.isEmpty()) {
          throw Problem.toException(p);
        }
        severities.add(s);
      }
    }
    if (minSeverity != null && (minSeverity < 1 || minSeverity > 5)) {
      throw ApiException.badField("minSeverity", "error.severity-range", minSeverity);
    }
    int pg = page == null ? 0 : page;
    if (pg < 0) {
      throw ApiException.badField("page", "error.min", 0);
    }
    int sz = size == null ? DEFAULT_SIZE : size;
    if (sz < 1 || sz > MAX_SIZE) {
      throw ApiException.badField("size", "error.range", 1, MAX_SIZE);
    }
    if ((long) pg * sz > Integer.MAX_VALUE) {
      throw ApiException.badField("page", "error.range", 0, Integer.MAX_VALUE / sz);
    }
    return new IncidentQuery(box, f, t, types, statuses, severities, minSeverity,
        source == null || source.isBlank() ? null : source, pg, sz);
  }

  /** An ISO 8601 instant or date (UTC) query parameter, or null. */
  static OffsetDateTime instant(String v, String field) {
    if (v == null || v.isBlank()) {
      return null;
    }
    OffsetDateTime t = IncidentRules.parseTime(v.strip());
    if (t == null) {
      throw ApiException.badField(field, "error.time-format", v);
    }
    return t;
  }

  /** Binds the filter parameters of {@link IncidentSql#FILTER}. */
  JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
    return spec
        .param("minLon", bbox == null ? null : bbox.minLon())
        .param("minLat", bbox == null ? null : bbox.minLat())
        .param("maxLon", bbox == null ? null : bbox.maxLon())
        .param("maxLat", bbox == null ? null : bbox.maxLat())
        .param("from", from)
        .param("to", to)
        .param("types", types == null ? null : String.join(",", types))
        .param("statuses", statuses == null ? null : String.join(",", statuses))
        .param("severities", severities == null ? null
            : String.join(",", severities.stream().map(String::valueOf).toList()))
        .param("minSeverity", minSeverity)
        .param("source", source);
  }
}
