package org.borderzone.incidents;

import java.util.Optional;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of incidents, always through {@link Releasability} for the given caller. */
@Repository
class IncidentRepository {

  /** One page of features (a JSON array text) and the number of all matching incidents. */
  record Page(long numberMatched, String featuresJson) {}

  private final JdbcClient jdbc;

  IncidentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Page find(IncidentQuery q, Actor actor) {
    long total = Releasability.bind(q.bind(jdbc.sql(IncidentSql.COUNT)), actor).query(Long.class).single();
    String features = "[]";
    if ((long) q.page() * q.size() < total) {
      features = Releasability.bind(q.bind(jdbc.sql(IncidentSql.PAGE)), actor)
          .param("limit", q.size()).param("offset", q.page() * q.size())
          .query(String.class).single();
    }
    return new Page(total, features);
  }

  /** Visible incidents matching {@code q} counted per grid cell of {@code cellDeg} degrees (paging ignored). */
  String grid(IncidentQuery q, double cellDeg, Actor actor) {
    return Releasability.bind(q.bind(jdbc.sql(IncidentSql.GRID)), actor).param("cell", cellDeg)
        .query(String.class).single();
  }

  /** The incident as a GeoJSON Feature, or empty when it does not exist or the caller may not see it. */
  Optional<String> findFeature(long id, Actor actor) {
    return Releasability.bind(jdbc.sql(IncidentSql.ONE).param("id", id), actor).query(String.class).optional();
  }
}
