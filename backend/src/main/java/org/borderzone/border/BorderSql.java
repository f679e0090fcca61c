package org.borderzone.border;

/** SQL of the reference border import. */
final class BorderSql {

  private BorderSql() {}

  /**
   * Cuts the line into n equal parts in UTM 48N (metres) and returns each as hex WKB in EPSG:4326 with the
   * nearest Cambodian and Lao province to its midpoint (the Natural Earth provinces do not follow the OSM
   * line exactly, so "nearest" is used rather than "contains"). {@code :a} and {@code :b} are the two countries
   * of the border ({@link BorderLoader#COUNTRY_A}, {@link BorderLoader#COUNTRY_B}).
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
             (select pr.name from prov pr where pr.country = :a order by st_distance(pr.geom, p.mid) limit 1) as kh,
             (select pr.name from prov pr where pr.country = :b order by st_distance(pr.geom, p.mid) limit 1) as la
      from parts p
      order by p.seq
      """;

  /** The number of segments (the border is imported only into an empty table). */
  static final String SEGMENT_COUNT = "select count(*) from border_segment";

  /** The border line with its geodesic length; returns its id. */
  static final String INSERT_LINE = """
      insert into border_line (name, source, licence, geom, length_m)
      select :name, :source, :licence, g, st_length(g::geography)
      from (select st_setsrid(st_geomfromgeojson(:geom), 4326) g) x
      returning id
      """;

  /** One country outline (OSM), as a multipolygon. */
  static final String INSERT_COUNTRY = """
      insert into country (iso_a2, name, source, licence, geom)
      values (:iso, :name, 'OpenStreetMap via @osm_borders/maritime_10m 1.1.0', 'ODbL-1.0',
              st_multi(st_setsrid(st_geomfromgeojson(:geom), 4326)))
      """;

  /** One border province (Natural Earth), made valid, as a multipolygon. */
  static final String INSERT_PROVINCE = """
      insert into province (adm1_code, name, country, geom)
      values (:code, :name, :country, st_multi(st_makevalid(st_setsrid(st_geomfromgeojson(:geom), 4326))))
      """;

  /**
   * One populated place (GeoNames), or, when it is there already, its names in the three languages (the
   * reference file may have gained some since the first start: V17).
   */
  static final String INSERT_PLACE = """
      insert into place (geonameid, name, country, population, geom, name_en, name_km, name_lo)
      values (:id, :name, :country, :pop, st_setsrid(st_geomfromgeojson(:geom), 4326), :en, :km, :lo)
      on conflict (geonameid) do update set name_en = excluded.name_en, name_km = excluded.name_km,
        name_lo = excluded.name_lo
      where (place.name_en, place.name_km, place.name_lo) is distinct from
            (excluded.name_en, excluded.name_km, excluded.name_lo)
      """;

  /** One sector (a run of segments between the same two provinces); returns its id. */
  static final String INSERT_SECTOR = """
      insert into sector (code, name, kh_province, la_province, ordinal)
      values (:code, :name, :kh, :la, :ord) returning id
      """;

  /** One segment from hex WKB between countries :a and :b, PENDING since now, with its geodesic length. */
  static final String INSERT_SEGMENT = """
      insert into border_segment (code, seq, sector_id, geom, length_m, status, status_since, country_a, country_b)
      select :code, :seq, :sector, g, st_length(g::geography), 'PENDING', now(), :a, :b
      from (select st_setsrid(st_geomfromwkb(decode(:wkb, 'hex')), 4326) g) x
      """;

  /** The first status change of every segment: the import, by the server acting as {@code :org}. */
  static final String INITIAL_STATUS_HISTORY = """
      insert into segment_status_change (segment_id, from_status, to_status, at, by_user, by_org, reason)
      select id, null, status, status_since, :user, :org, 'Reference border imported'
      from border_segment
      """;
}
