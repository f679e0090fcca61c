package org.borderzone.incidents;

/**
 * SQL of the incident series behind the charts (docs/CHARTS.md). Counts come from the rollup
 * {@code incident_rollup r} (V13: one row per UTC day × cell × type × status × visibility), which holds exactly the
 * incidents of whole UTC days; the reader's releasability is the same rule as on the incident list
 * ({@link Releasability#ROLLUP} with {@link Releasability#rollupPredicate}: released incidents count for their recipient).
 */
final class IncidentSeriesSql {

  private IncidentSeriesSql() {}

  /** Visible incidents per UTC month and type over the days [:fromDay, :toDay), of :types and :statuses. */
  static final String MONTHLY_BY_TYPE = """
      select to_char(date_trunc('month', r.day), 'YYYY-MM') as month, r.type, sum(r.n) as n
      from\s""" + Releasability.ROLLUP + """
       r
      where r.day >= :fromDay and r.day < :toDay and r.type in (:types) and r.status in (:statuses)
        and\s""" + Releasability.rollupPredicate("r") + """

      group by 1, 2
      """;
}
