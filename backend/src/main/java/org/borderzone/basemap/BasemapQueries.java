package org.borderzone.basemap;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The reads behind {@link BasemapController}: documents built by PostGIS ({@link BasemapSql}). */
@Component
class BasemapQueries {

  private final JdbcClient jdbc;

  BasemapQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Cambodia and Laos simplified with {@code tolerance} metres, as a FeatureCollection. */
  String countries(double tolerance) {
    return jdbc.sql(BasemapSql.COUNTRIES).param("tolerance", tolerance).query(String.class).single();
  }

  String places() {
    return jdbc.sql(BasemapSql.PLACES).query(String.class).single();
  }

  String disputedAreas() {
    return jdbc.sql(BasemapSql.DISPUTED_AREAS).query(String.class).single();
  }

  /** The border line's extent as a JSON array, absent before the border is imported. */
  Optional<String> borderExtent() {
    return jdbc.sql(BasemapSql.BORDER_EXTENT).query(String.class).optional();
  }
}
