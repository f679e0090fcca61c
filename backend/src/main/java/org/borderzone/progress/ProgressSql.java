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

  /** The sectors in border order with their length (the timeline's sector list). */
  static final String SECTORS = """
      select sc.id, sc.code, sc.name, coalesce(sum(s.length_m), 0) / 1000.0 as km
      from sector sc left join border_segment s on s.sector_id = sc.id
      group by sc.id, sc.code, sc.name, sc.ordinal
      order by sc.ordinal, sc.id
      """;

  /**
   * km per sector and status at the end of each month from the first recorded change (or {@code :fromMonth} if
   * later) to the current month (or {@code :toMonth} if earlier): for each month end, the status of each segment
   * is the last change before it (replayed from the history). The border-wide timeline is the sum over sectors,
   * so both always agree. {@code :fromMonth}, {@code :toMonth}: first days of months (timestamps, UTC).
   */
  static final String TIMELINE = """
      with bounds as (
        select greatest(date_trunc('month', min(at) at time zone 'UTC'), cast(:fromMonth as timestamp)) as m0,
               least(date_trunc('month', now() at time zone 'UTC'), cast(:toMonth as timestamp)) as m1
        from segment_status_change
      ), months as (
        select m, (m + interval '1 month') at time zone 'UTC' as month_end
        from bounds, generate_series(m0, m1, interval '1 month') as m
        where m0 is not null
      ), state as (
        select mo.m, s.sector_id, s.length_m,
               (select c.to_status from segment_status_change c
                where c.segment_id = s.id and c.at < mo.month_end
                order by c.at desc, c.id desc limit 1) as status
        from months mo cross join border_segment s
      )
      select to_char(m, 'YYYY-MM') as month,
             ((m + interval '1 month' - interval '1 second') at time zone 'UTC') as at,
             sector_id, status, sum(length_m) / 1000.0 as km
      from state where status is not null
      group by m, sector_id, status
      order by m, sector_id, status
      """;
}
