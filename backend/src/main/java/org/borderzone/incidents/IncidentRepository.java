package org.borderzone.incidents;

import java.util.Optional;
import java.util.UUID;
import org.borderzone.system.Actor;
import org.borderzone.system.JsonOut;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** Reads of incidents, always through {@link Releasability} for the given caller. */
@Repository
class IncidentRepository {

  /** One page of features (a JSON array text) and the number of all matching incidents. */
  record Page(long numberMatched, String featuresJson) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;
  private final JsonMapper json;

  IncidentRepository(JdbcClient jdbc, PlatformTransactionManager txm, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
    this.readOnly = new TransactionTemplate(txm);
    this.readOnly.setReadOnly(true);
  }

  /** How many visible incidents match {@code q} (paging ignored). */
  long count(IncidentQuery q, Actor actor) {
    return Releasability.bind(q.bind(jdbc.sql(IncidentSql.COUNT)), actor).query(Long.class).single();
  }

  Page find(IncidentQuery q, Actor actor) {
    long total = count(q, actor);
    String features = "[]";
    if ((long) q.page() * q.size() < total) {
      features = Releasability.bind(q.bind(jdbc.sql(IncidentSql.PAGE)), actor)
          .param("limit", q.size()).param("offset", q.page() * q.size())
          .query(String.class).single();
    }
    return new Page(total, features);
  }

  /**
   * Visible incidents matching {@code q} counted per grid cell of {@code cellDeg} degrees (paging ignored),
   * written to {@code out} row by row as PostgreSQL returns them (a cursor: a fetch size needs a transaction).
   */
  /** The grid as one String (in-process callers; HTTP streams it). */
  String grid(IncidentQuery q, double cellDeg, Actor actor) {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try (JsonOut out = JsonOut.to(buf, json)) {
      grid(q, cellDeg, actor, out);
    }
    return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  void grid(IncidentQuery q, double cellDeg, Actor actor, JsonOut out) {
    readOnly.executeWithoutResult(status -> {
      JsonGenerator g = out.start();
      g.writeStartObject();
      g.writeStringProperty("type", "FeatureCollection");
      g.writeNumberProperty("cellDeg", cellDeg);
      g.writeName("features");
      g.writeStartArray();
      long[] totals = {0, 0};
      Releasability.bind(q.bind(jdbc.sql(IncidentSql.GRID)), actor).param("cell", cellDeg).withFetchSize(2_000)
          .query(rs -> {
            long n = rs.getLong("n");
            totals[0] += n;
            totals[1]++;
            g.writeStartObject();
            g.writeStringProperty("type", "Feature");
            g.writeName("geometry");
            g.writeStartObject();
            g.writeStringProperty("type", "Point");
            g.writeName("coordinates");
            g.writeStartArray();
            JsonOut.number(g, rs.getDouble("x"), 6);
            JsonOut.number(g, rs.getDouble("y"), 6);
            g.writeEndArray();
            g.writeEndObject();
            g.writeName("properties");
            g.writeStartObject();
            g.writeNumberProperty("count", n);
            g.writeNumberProperty("maxSeverity", rs.getInt("max_sev"));
            g.writeStringProperty("dominantType", rs.getString("dom"));
            g.writeEndObject();
            g.writeEndObject();
          });
      g.writeEndArray();
      g.writeNumberProperty("numberMatched", totals[0]);
      g.writeNumberProperty("numberReturned", totals[1]);
      g.writeEndObject();
    });
  }

  /** The incident as a GeoJSON Feature, or empty when it does not exist or the caller may not see it. */
  Optional<String> findFeature(UUID publicId, Actor actor) {
    return Releasability.bind(jdbc.sql(IncidentSql.ONE).param("publicId", publicId), actor).query(String.class)
        .optional();
  }
}
