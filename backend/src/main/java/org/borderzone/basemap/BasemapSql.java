package org.borderzone.basemap;

/** SQL of the offline base map, the disputed areas and the map configuration. GeoJSON is built in PostgreSQL. */
final class BasemapSql {

  private BasemapSql() {}

  /**
   * The two countries' outlines, simplified in UTM 48N (EPSG:32648, metres) with a tolerance of
   * {@code :tolerance} metres (0 = unsimplified) and returned in EPSG:4326 with 5 decimals (about 1 m).
   * {@code label} is a point inside each country near the border line (for a map label).
   */
  static final String COUNTRIES = """
      with box as (
        select st_setsrid(st_expand(st_extent(geom)::geometry, 0.35), 4326) as g from border_line
      )
      select json_build_object('type', 'FeatureCollection',
               'features', coalesce(json_agg(f order by iso_a2), '[]'::json))::text
      from (
        select c.iso_a2, json_build_object(
                 'type', 'Feature',
                 'id', c.iso_a2,
                 'geometry', st_asgeojson(case when :tolerance <= 0 then c.geom
                   else st_transform(st_simplifypreservetopology(st_transform(c.geom, 32648), :tolerance), 4326)
                   end, 5)::json,
                 'properties', json_build_object(
                   'isoA2', c.iso_a2, 'name', c.name, 'source', c.source, 'licence', c.licence,
                   'label', json_build_array(round(st_x(lp.p)::numeric, 5), round(st_y(lp.p)::numeric, 5)))) as f
        from country c
        left join box on true
        cross join lateral (
          select st_pointonsurface(case when box.g is null or st_isempty(st_intersection(c.geom, box.g)) then c.geom
                                        else st_intersection(c.geom, box.g) end) as p
        ) lp
      ) x
      """;

  /** GeoNames populated places near the border, largest first. */
  static final String PLACES = """
      select json_build_object('type', 'FeatureCollection',
               'features', coalesce(json_agg(json_build_object(
                 'type', 'Feature',
                 'id', p.geonameid,
                 'geometry', st_asgeojson(p.geom, 5)::json,
                 'properties', json_build_object('geonameid', p.geonameid, 'name', p.name,
                                 'name_en', p.name_en, 'name_km', p.name_km, 'name_lo', p.name_lo,
                                 'country', p.country, 'population', p.population))
               order by p.population desc nulls last, p.name), '[]'::json))::text
      from place p
      """;

  /** Disputed areas with the ids and codes of the segments they touch (ordered west to east). */
  static final String DISPUTED_AREAS = """
      select json_build_object('type', 'FeatureCollection',
               'features', coalesce(json_agg(json_build_object(
                 'type', 'Feature',
                 'id', d.id,
                 'geometry', st_asgeojson(d.geom, 6)::json,
                 'properties', json_build_object('id', d.id, 'name', d.name, 'notes', d.notes,
                   'segmentIds', coalesce((select json_agg(s.id order by s.seq)
                                  from disputed_area_segment x join border_segment s on s.id = x.segment_id
                                  where x.disputed_area_id = d.id), '[]'::json),
                   'segmentCodes', coalesce((select json_agg(s.code order by s.seq)
                                  from disputed_area_segment x join border_segment s on s.id = x.segment_id
                                  where x.disputed_area_id = d.id), '[]'::json)))
               order by d.id), '[]'::json))::text
      from disputed_area d
      """;

  /** The extent of the reference border line as [minLon, minLat, maxLon, maxLat], or null without a line. */
  static final String BORDER_EXTENT = """
      select case when count(*) = 0 then null else json_build_array(
               round(min(st_xmin(geom))::numeric, 6), round(min(st_ymin(geom))::numeric, 6),
               round(max(st_xmax(geom))::numeric, 6), round(max(st_ymax(geom))::numeric, 6))::text end
      from border_line
      """;
}
