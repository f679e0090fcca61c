package org.borderzone.border;

/** SQL of the reference border import. */
final class BorderSql {

  private BorderSql() {}

  /**
   * Cuts the line into n equal parts in UTM 48N (metres) and returns each as hex WKB in EPSG:4326 with the
   * nearest Cambodian and Lao province to its midpoint (the Natural Earth provinces do not follow the OSM
   * line exactly, so "nearest" is used rather than "contains").
   */
  static final String CUT_LINE = """
      with line as materialized (
        select st_transform(geom, 32648) as utm from border_line where id = :lineId
      ), n as materialized (
        select utm, greatest(1, round(st_length(utm) / :target))::int as n from line
      ), parts as materialized (
        select i as seq,
               st_transform(st_linesubstring(utm, (i - 1)::float8 / n, i::float8 / n), 4326) as g,
               st_transform(st_lineinterpolatepoint(utm, (i - 0.5) / n), 4326) as mid
        from n, generate_series(1, n) as i
      ), prov as materialized (
        select name, country, geom from province
      )
      select p.seq,
             encode(st_asbinary(p.g), 'hex') as wkb,
             (select pr.name from prov pr where pr.country = 'KH' order by st_distance(pr.geom, p.mid) limit 1) as kh,
             (select pr.name from prov pr where pr.country = 'LA' order by st_distance(pr.geom, p.mid) limit 1) as la
      from parts p
      order by p.seq
      """;
}
