package org.borderzone.export;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.geo.Extent;
import org.borderzone.incidents.IncidentType;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The map's filters of one export, parsed and bounded before any query: {@code bbox} (minLon,minLat,maxLon,maxLat
 * in EPSG:4326, {@link Extent#parseBbox}), the window {@code from} (inclusive) and {@code to} (exclusive), ISO 8601
 * instants or dates (UTC), {@code type} (incident types, comma-separated), {@code status} (the dataset's statuses,
 * comma-separated) and {@code minSeverity} (1–5). A filter that does not apply to the dataset, an unknown parameter,
 * a repeated one or one longer than {@link #MAX_LENGTH} is a 400 naming it.
 */
record ExportFilter(Extent bbox, OffsetDateTime from, OffsetDateTime to, Set<String> types, Set<String> statuses,
    Integer minSeverity) {

  static final int MAX_LENGTH = 500;

  /** Parameters that are not filters. */
  private static final Set<String> OTHER = Set.of("f", "bom", "lang");

  private static final Map<String, Dataset.Filter> FILTERS = Map.of("bbox", Dataset.Filter.BBOX,
      "from", Dataset.Filter.WINDOW, "to", Dataset.Filter.WINDOW, "type", Dataset.Filter.TYPE,
      "status", Dataset.Filter.STATUS, "minSeverity", Dataset.Filter.MIN_SEVERITY);

  static ExportFilter parse(Dataset d, Map<String, String[]> params) {
    for (Map.Entry<String, String[]> e : params.entrySet()) {
      String name = e.getKey();
      String field = name.length() > 40 ? name.substring(0, 40) : name;
      if (!OTHER.contains(name) && !FILTERS.containsKey(name)) {
        throw ApiException.badField(field, "error.unknown-value", field,
            String.join(", ", List.of("f", "bbox", "from", "to", "type", "status", "minSeverity", "bom")));
      }
      if (e.getValue().length > 1) {
        throw ApiException.badField(name, "error.single-value");
      }
      if (e.getValue()[0] != null && e.getValue()[0].length() > MAX_LENGTH) {
        throw ApiException.badField(name, "error.too-long", MAX_LENGTH);
      }
      Dataset.Filter f = FILTERS.get(name);
      if (f != null && !d.filters.contains(f)) {
        throw ApiException.badField(name, "error.not-applicable", d.id, String.join(", ",
            FILTERS.entrySet().stream().filter(x -> d.filters.contains(x.getValue())).map(Map.Entry::getKey)
                .sorted().toList()));
      }
    }
    Extent box = Extent.parseBbox(one(params, "bbox"), "bbox");
    OffsetDateTime from = instant(one(params, "from"), "from");
    OffsetDateTime to = instant(one(params, "to"), "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badField("from", "error.date-order");
    }
    Set<String> types = list(one(params, "type"), "type", IncidentType.NAMES,
        v -> IncidentType.find(v) == null ? null : IncidentType.find(v).name());
    Set<String> statuses = list(one(params, "status"), "status", String.join(", ", d.statuses),
        v -> d.statuses.contains(v.strip().toUpperCase(java.util.Locale.ROOT))
            ? v.strip().toUpperCase(java.util.Locale.ROOT) : null);
    Integer minSeverity = null;
    String ms = one(params, "minSeverity");
    if (ms != null && !ms.isBlank()) {
      try {
        minSeverity = Integer.parseInt(ms.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badField("minSeverity", "error.range", 1, 5);
      }
      if (minSeverity < 1 || minSeverity > 5) {
        throw ApiException.badField("minSeverity", "error.range", 1, 5);
      }
    }
    return new ExportFilter(box, from, to, types, statuses, minSeverity);
  }

  private static String one(Map<String, String[]> params, String name) {
    String[] v = params.get(name);
    return v == null || v.length == 0 ? null : v[0];
  }

  private static Set<String> list(String text, String field, String names,
      java.util.function.Function<String, String> find) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String v : text.split(",", -1)) {
      String found = find.apply(v);
      if (found == null) {
        throw ApiException.badField(field, "error.unknown-value", v.strip(), names);
      }
      out.add(found);
    }
    return out;
  }

  /** An ISO 8601 instant (with offset) or a date (00:00 UTC); years 1900–2999. */
  static OffsetDateTime instant(String v, String field) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip();
    OffsetDateTime t;
    try {
      t = s.length() == 10 ? LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC) : OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.time-format", s.length() > 40 ? s.substring(0, 40) : s);
    }
    if (t.getYear() < 1900 || t.getYear() > 2999) {
      throw ApiException.badField(field, "error.time-format", s);
    }
    return t;
  }

  /** Binds the filter parameters of the {@link ExportSql} statements. */
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
        .param("minSeverity", minSeverity);
  }
}
