package org.borderzone.ogcapi;

import java.util.Map;
import java.util.Optional;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reads behind {@code /ogc}, with the SQL of {@link OgcSql}. A page and its {@code numberMatched} are read
 * in one read-only REPEATABLE READ transaction, so the count and the features come from the same snapshot;
 * the features are handed to the caller row by row as PostgreSQL returns them (a cursor), so a page of 10,000
 * is never held as one document.
 */
@Component
class OgcQueries {

  /** Receives a page: the count first, then each feature's GeoJSON text. */
  interface Rows {
    void start(long numberMatched);

    void feature(String geoJson);
  }

  /** How a page ended: features served, the key of the last one, whether more follow. */
  record PageEnd(int returned, Object lastKey, boolean more) {}

  /** Extent of what the caller may see: CRS84 box (nulls when empty) and RFC 3339 interval ends. */
  record Extent(Double xmin, Double ymin, Double xmax, Double ymax, String t0, String t1) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate snapshot;

  OgcQueries(JdbcClient jdbc, PlatformTransactionManager txm) {
    this.jdbc = jdbc;
    this.snapshot = new TransactionTemplate(txm);
    this.snapshot.setReadOnly(true);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  PageEnd items(Collections.Collection c, OgcParams.Items q, OgcSql.SqlFragment filter, Actor actor, Rows rows) {
    String viewer = Releasability.viewerOrg(actor);
    OgcSql.Where countWhere = OgcSql.where(c, q, filter, viewer, true);
    OgcSql.Where pageWhere = OgcSql.where(c, q, filter, viewer, false);
    return snapshot.execute(status -> {
      long matched = bind(jdbc.sql(OgcSql.count(c, countWhere)), countWhere.params()).query(Long.class).single();
      rows.start(matched);
      int[] n = {0};
      Object[] last = {null};
      boolean[] more = {false};
      bind(jdbc.sql(OgcSql.page(c, q.crs(), pageWhere)), pageWhere.params())
          .param("limit", q.limit() + 1).param("digits", q.crs().digits).param("crsSrid", q.crs().srid)
          .withFetchSize(500)
          .query(rs -> {
            if (n[0] == q.limit()) {
              more[0] = true;
              return;
            }
            rows.feature(rs.getString("f"));
            last[0] = rs.getObject("k");
            n[0]++;
          });
      return new PageEnd(n[0], last[0], more[0]);
    });
  }

  Optional<String> one(Collections.Collection c, Object id, Crs crs, Actor actor) {
    JdbcClient.StatementSpec s = jdbc.sql(OgcSql.one(c, crs)).param("id", id).param("digits", crs.digits)
        .param("crsSrid", crs.srid);
    if (c.releasable()) {
      s = Releasability.bind(s, actor);
    }
    return s.query(String.class).optional();
  }

  Extent extent(Collections.Collection c, Actor actor) {
    JdbcClient.StatementSpec s = jdbc.sql(OgcSql.extent(c));
    if (c.releasable()) {
      s = Releasability.bind(s, actor);
    }
    return s.query((rs, i) -> new Extent((Double) rs.getObject("xmin"), (Double) rs.getObject("ymin"),
        (Double) rs.getObject("xmax"), (Double) rs.getObject("ymax"), rs.getString("t0"), rs.getString("t1")))
        .single();
  }

  /** [lon, lat] in EPSG:4326 of a point given in {@code crs}. */
  double[] toWgs84(double x, double y, Crs crs) {
    return jdbc.sql(OgcSql.TO_WGS84).param("x", x).param("y", y).param("srid", crs.srid)
        .query((rs, i) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).single();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec s, Map<String, Object> params) {
    for (Map.Entry<String, Object> e : params.entrySet()) {
      s = s.param(e.getKey(), e.getValue());
    }
    return s;
  }
}
