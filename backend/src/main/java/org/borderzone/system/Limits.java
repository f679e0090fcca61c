package org.borderzone.system;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;

/**
 * How much work one request may ask for ({@code borderzone.limits.*}, see docs/LIMITS.md). Every
 * parameterised read computes what it would cost (cells, slices, neighbour pairs, points, features) from its
 * parameters before any query runs and is refused with 422 naming the parameter when it is over a limit:
 * a running {@code ST_ClusterDBSCAN} cannot be cancelled, and a 150 MB answer built in memory cannot be taken
 * back, so the bounds must hold before the work starts.
 *
 * @param cells grid cells of one answer: Gi* and emerging hexagons, density squares, incident grid cells
 * @param cellSlices emerging hot spots: hexagons × time slices
 * @param neighbourPairs Gi*: hexagons × mean neighbours within the distance band
 * @param kernelWork kernel density: incidents × grid cells under one kernel (each pair is one evaluation)
 * @param clusterEpsM DBSCAN: largest {@code epsM} in metres
 * @param clusterPoints DBSCAN: most incidents one run may cluster (counted first)
 * @param networkEdges patrol network edges of one answer
 * @param pageSize largest page of saved patrol plans
 * @param timeout statement timeouts per request class
 * @param analytics the pool and admission of heavy analytics
 * @param filter the bounds of one CQL2 filter ({@code filter} of the OGC API items)
 */
@ConfigurationProperties("borderzone.limits")
public record Limits(
    @DefaultValue("200000") long cells,
    @DefaultValue("1000000") long cellSlices,
    @DefaultValue("5000000") long neighbourPairs,
    @DefaultValue("100000000") long kernelWork,
    @DefaultValue("5000") double clusterEpsM,
    @DefaultValue("50000") long clusterPoints,
    @DefaultValue("20000") long networkEdges,
    @DefaultValue("200") int pageSize,
    @DefaultValue Timeout timeout,
    @DefaultValue Analytics analytics,
    @DefaultValue Filter filter) {

  /**
   * Statement timeouts (PostgreSQL {@code statement_timeout}) per request class.
   *
   * @param read every connection of the main pool (map reads, writes): the server-wide default
   * @param analytics every connection of the analytics pool
   * @param longWork imports, network import and first-start seeding, set per transaction
   */
  public record Timeout(@DefaultValue("5s") Duration read, @DefaultValue("60s") Duration analytics,
      @DefaultValue("10m") Duration longWork) {}

  /**
   * Heavy analytics (Gi*, density, clusters, emerging, automatic routes' hot cells) run on a pool of their own
   * behind a fair admission: at most {@code pool} at once, at most {@code queue} waiting, each for at most
   * {@code queue-wait}; beyond that 503 with Retry-After.
   */
  public record Analytics(@DefaultValue("4") int pool, @DefaultValue("64") int queue,
      @DefaultValue("45s") Duration queueWait, @DefaultValue("5s") Duration connectionTimeout) {}

  /**
   * The bounds of one CQL2 text filter, checked before and while it is parsed (so a hostile filter costs at
   * most a linear scan of {@code chars} characters): its length, the nesting depth of parentheses and
   * {@code CASEI}, the AST nodes, the values of one {@code IN} list and the coordinates of all its geometry
   * literals. Over a bound: 422 naming {@code filter}.
   */
  public record Filter(@DefaultValue("16384") int chars, @DefaultValue("32") int depth,
      @DefaultValue("2000") int nodes, @DefaultValue("1000") int inList, @DefaultValue("10000") int coordinates) {

    /** The same values as the {@code @DefaultValue}s, for code that runs without Spring (unit tests). */
    public static final Filter DEFAULTS = new Filter(16384, 32, 2000, 1000, 10000);
  }

  /**
   * 422 naming {@code field}: the request needs {@code needed} of something limited to {@code limit}. The
   * message {@code code} gets the limit and the need as arguments {0} and {1} (formatted with grouping).
   */
  public static ApiException over(String field, String code, Number limit, Number needed) {
    return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.over-limit",
        List.of(new ApiException.FieldError(field, code, limit, needed)));
  }

  /** Refuses when {@code needed > limit}. */
  public static void check(String field, String code, long limit, long needed) {
    if (needed > limit) {
      throw over(field, code, limit, needed);
    }
  }
}
