package org.borderzone.patrol;

import java.time.OffsetDateTime;
import java.util.List;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hot cells by a plain count: visible incidents of the window (not dismissed) counted on a UTM 48N hexagon
 * grid ({@code ST_HexagonGrid}, size {@code borderzone.patrol.hex-size-m}); a cell is hot with at least
 * {@code hot-cell-min-count} incidents and scores its count. Cell ids are {@code hex:<i>:<j>} of that grid.
 * Releasability: {@code releasability = 'SHARED' or owner_org = viewer's organisation}.
 */
@Component
class SqlHotCellSource implements HotCellSource {

  static final String SQL = """
      with pts as materialized (
        select st_transform(i.geom, 32648) as g from incident i
        where (i.releasability = 'SHARED' or i.owner_org = :viewerOrg)
          and i.occurred_at >= :from and i.occurred_at < :to and i.status <> 'DISMISSED'
      ), ext as (select st_expand(st_setsrid(st_extent(g)::geometry, 32648), :size) as e from pts)
      select 'hex:' || h.i || ':' || h.j as id, count(*) as n,
             st_x(st_transform(st_centroid(h.geom), 4326)) as lon, st_y(st_transform(st_centroid(h.geom), 4326)) as lat
      from ext cross join lateral st_hexagongrid(:size, ext.e) h
      join pts on st_intersects(h.geom, pts.g)
      where ext.e is not null
      group by h.i, h.j, h.geom
      having count(*) >= :minCount
      order by count(*) desc, h.i, h.j
      limit :limit
      """;

  private final JdbcClient jdbc;
  private final PatrolProperties props;

  SqlHotCellSource(JdbcClient jdbc, PatrolProperties props) {
    this.jdbc = jdbc;
    this.props = props;
  }

  @Override
  public List<HotCell> hotCells(Actor viewer, OffsetDateTime from, OffsetDateTime to) {
    return jdbc.sql(SQL)
        .param("viewerOrg", viewer.org())
        .param("from", from)
        .param("to", to)
        .param("size", props.hexSizeM())
        .param("minCount", props.hotCellMinCount())
        .param("limit", props.maxCells())
        .query((rs, n) -> new HotCell(rs.getString("id"), rs.getDouble("lon"), rs.getDouble("lat"), rs.getDouble("n")))
        .list();
  }
}
