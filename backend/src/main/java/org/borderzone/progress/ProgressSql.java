package org.borderzone.progress;

/**
 * SQL of the progress figures. Lengths are the stored geodesic {@code length_m} (metres on WGS 84) summed and
 * reported in km; "demarcated" is DEMARCATED + RATIFIED. Month boundaries are in UTC.
 */
final class ProgressSql {

  private ProgressSql() {}

  static final String BY_STATUS = """
      select status, sum(length_m) / 1000.0 as km, count(*) as segments
      from border_segment group by status
      """;

  static final String BY_SECTOR = """
      select sc.id, sc.code, sc.name, sc.ordinal, s.status, sum(s.length_m) / 1000.0 as km
      from border_segment s join sector sc on sc.id = s.sector_id
      group by sc.id, sc.code, sc.name, sc.ordinal, s.status
      order by sc.ordinal
      """;

  static final String PILLARS = "select status, count(*) as n from pillar group by status";

  /**
   * km per status at the end of each month from the first recorded change to the current month: for each
   * month end, the status of each segment is the last change before it (replayed from the history).
   */
  static final String TIMELINE = """
      with bounds as (
        select date_trunc('month', min(at) at time zone 'UTC') as m0,
               date_trunc('month', now() at time zone 'UTC') as m1
        from segment_status_change
      ), months as (
        select m, (m + interval '1 month') at time zone 'UTC' as month_end
        from bounds, generate_series(m0, m1, interval '1 month') as m
        where m0 is not null
      ), state as (
        select mo.m, s.length_m,
               (select c.to_status from segment_status_change c
                where c.segment_id = s.id and c.at < mo.month_end
                order by c.at desc, c.id desc limit 1) as status
        from months mo cross join border_segment s
      )
      select to_char(m, 'YYYY-MM') as month,
             ((m + interval '1 month' - interval '1 second') at time zone 'UTC') as at,
             status, sum(length_m) / 1000.0 as km
      from state where status is not null
      group by m, status
      order by m, status
      """;
}
