package org.borderzone.tiles;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.borderzone.incidents.IncidentType;
import org.borderzone.incidents.Releasability;

/**
 * SQL of the vector tiles (docs/TILES.md): one statement per layer, each answering one MVT (bytea, empty when
 * the tile holds nothing) for {@code :z}, {@code :x}, {@code :y}. The tile box is given to the index in the
 * table's SRID ({@code geom && ST_Transform(ST_TileEnvelope(…), 4326)}: a 3857 envelope maps to an exact
 * lon/lat box, since both axes are monotonic), so the GiST index on {@code geom} prunes; only the rows of the
 * tile are transformed. Incident statements carry {@link Releasability#PREDICATE} (binds {@code :viewerOrg}).
 * The constants are public to the benchmark (raw SQL against the endpoint).
 */
public final class TileSql {

  private TileSql() {}

  /** MVT extent (units per tile side) and buffer (units around it), as pg_tileserv and Martin use. */
  static final int EXTENT = 4096;
  static final int BUFFER = 64;
  /** Cells per tile side of the low-zoom incident aggregate: 256 units, 16 px of a 256-px tile. */
  static final int CELLS = 16;

  /**
   * The tile box with its buffer and one unit more, in EPSG:4326 (the tables' SRID), for the index condition:
   * ST_AsMVTGeom snaps to the unit grid before it clips, so a point up to half a unit beyond the buffer is still
   * in the tile, and the index compares float4-rounded boxes (about a metre at these longitudes).
   */
  private static final String BOX =
      "st_transform(st_tileenvelope(:z, :x, :y, margin => " + (BUFFER + 1) + ".0 / " + EXTENT + "), 4326)";

  /** The tile envelope in EPSG:3857. */
  private static final String ENV = "st_tileenvelope(:z, :x, :y)";

  /** A geometry column {@code g} (EPSG:4326) as MVT geometry of the tile. */
  private static String mvtGeom(String g) {
    return "st_asmvtgeom(st_transform(" + g + ", 3857), " + ENV + ", " + EXTENT + ", " + BUFFER + ", true)";
  }

  /** A timestamptz as ISO 8601 UTC text (MVT has no time type). */
  private static String iso(String t) {
    return "to_char(" + t + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  }

  /** Border segments (MVT layer {@code segments}, feature id = segment id). */
  public static final String SEGMENTS = """
      select st_asmvt(t, 'segments', %d, 'geom', 'fid') from (
        select s.id as fid, s.id, s.code, s.seq, s.sector_id as "sectorId", s.status,
               %s as "statusSince", s.length_m as "lengthM", s.version, %s as geom
        from border_segment s
        where s.geom && %s
      ) t where t.geom is not null
      """.formatted(EXTENT, iso("s.status_since"), mvtGeom("s.geom"), BOX);

  /** Boundary pillars (MVT layer {@code pillars}, feature id = pillar id). */
  public static final String PILLARS = """
      select st_asmvt(t, 'pillars', %d, 'geom', 'fid') from (
        select p.id as fid, p.id, p.number, p.segment_id as "segmentId", p.status,
               %s as "statusSince", %s as "lastInspectedAt", %s as geom
        from pillar p
        where p.geom && %s
      ) t where t.geom is not null
      """.formatted(EXTENT, iso("p.status_since"), iso("p.last_inspected_at"), mvtGeom("p.geom"), BOX);

  /**
   * The incident filters of the tiles (each optional: a null parameter switches it off): {@code :from}
   * inclusive, {@code :to} exclusive, {@code :types} comma-joined checked names, {@code :minSeverity}.
   */
  static final String INCIDENT_FILTER = """
      and (cast(:from as timestamptz) is null or i.occurred_at >= :from)
        and (cast(:to as timestamptz) is null or i.occurred_at < :to)
        and (cast(:types as text) is null or i.type = any(string_to_array(:types, ',')))
        and (cast(:minSeverity as int) is null or i.severity >= :minSeverity)
      """;

  /** Web Mercator x (metres) of a longitude, as ST_Transform to 3857 computes it (x = R·λ). */
  private static String mercX(String lon) {
    return "(" + lon + " * 20037508.342789244 / 180)";
  }

  /** Web Mercator y (metres) of a latitude (y = R·ln tan(π/4 + φ/2), spherical, R = 6378137). */
  private static String mercY(String lat) {
    return "(ln(tan(pi() / 4 + radians(" + lat + ") / 2)) * 6378137)";
  }

  /** The tile's origin (top left, EPSG:3857 metres) and its scale k (MVT units per metre). */
  private static final String ORIGIN = """
      b as (
        select st_xmin(e) as x0, st_ymax(e) as y1, %d / (st_xmax(e) - st_xmin(e)) as k
        from (select %s as e) s
      )""".formatted(EXTENT, ENV);

  /**
   * Incident points, from z 12 (MVT layer {@code incidents}; no feature id: the sequence stays internal). The
   * position in tile units is computed from lon/lat with the Web Mercator formulas and rounded to the unit
   * grid, as ST_AsMVTGeom does after ST_Transform, at a fraction of their cost per row (the densest tiles hold
   * tens of thousands of points); points beyond the buffer are dropped.
   */
  public static final String INCIDENTS = """
      with %s
      select st_asmvt(t, 'incidents', %d, 'geom') from (
        select id, type, severity, status, "occurredAt", releasability, "ownerOrg", st_point(px, py) as geom
        from (
          select i.public_id::text as id, i.type, i.severity::int as severity, i.status,
                 %s as "occurredAt", i.releasability, i.owner_org as "ownerOrg",
                 round((%s - b.x0) * b.k) as px, round((b.y1 - %s) * b.k) as py
          from b, incident i
          where i.geom && %s
            and %s
            %s
        ) r
        where px between %d and %d and py between %d and %d
      ) t
      """.formatted(ORIGIN, EXTENT, iso("i.occurred_at"), mercX("st_x(i.geom)"), mercY("st_y(i.geom)"), BOX,
      Releasability.PREDICATE, INCIDENT_FILTER, -BUFFER, EXTENT + BUFFER, -BUFFER, EXTENT + BUFFER);

  /** One count column per incident type, absent (null) when 0. */
  private static final String TYPE_COUNTS = Arrays.stream(IncidentType.values())
      .map(t -> "nullif(count(*) filter (where type = '" + t.name() + "'), 0)::int as \"" + t.name() + "\"")
      .collect(Collectors.joining(",\n         "));

  /** The per-type count columns by name. */
  private static final String TYPE_NAMES = Arrays.stream(IncidentType.values())
      .map(t -> "\"" + t.name() + "\"").collect(Collectors.joining(", "));

  /**
   * Incident cells below z 12 (MVT layer {@code incident_cells}): the tile cut into {@value #CELLS}² squares
   * aligned on it, one point per non-empty cell at its centre, counted from the rows of the tile. The cell of
   * a point is computed from lon/lat with the spherical Web Mercator formulas (x = R·λ, y = R·ln tan(π/4 +
   * φ/2)), which is what ST_Transform to 3857 does, at a fraction of its cost per row. Cells are half-open
   * ([x0, x1) × (y0, y1]), so every incident counts in exactly one tile. The grouping is a materialized CTE
   * and the cell range is checked after it: pushed into the scan, the range conditions made the planner
   * expect a handful of rows and sort 600,000 of them on disk (5 s at 1M incidents instead of 2.3 s).
   */
  public static final String INCIDENT_CELLS = """
      with %s,
      pts as (
        select floor((%s - b.x0) * b.k / %d)::int as cx, floor((b.y1 - %s) * b.k / %d)::int as cy,
               i.type, i.severity
        from b, incident i
        where i.geom && st_transform(%s, 4326)
          and %s
          %s
      ),
      cells as materialized (
        select cx, cy, count(*)::int as count, max(severity)::int as "maxSeverity",
               %s
        from pts
        group by cx, cy
      )
      select st_asmvt(t, 'incident_cells', %d, 'geom') from (
        select st_point((cx + 0.5) * %d, (cy + 0.5) * %d) as geom, count, "maxSeverity", %s
        from cells
        where cx >= 0 and cx < %d and cy >= 0 and cy < %d
      ) t
      """.formatted(ORIGIN, mercX("st_x(i.geom)"), EXTENT / CELLS, mercY("st_y(i.geom)"), EXTENT / CELLS, ENV,
      Releasability.PREDICATE, INCIDENT_FILTER, TYPE_COUNTS, EXTENT, EXTENT / CELLS, EXTENT / CELLS, TYPE_NAMES,
      CELLS, CELLS);

  /**
   * Hot segments (MVT layer {@code hot_segments}, feature id = segment id): the segments of the tile with their
   * counts in the window and the window before, by the rule of {@code GET /api/segments/hot} (visible, not
   * DISMISSED, within {@code :maxDistanceM} of the border, by nearest segment); only the tile's segments are
   * counted ({@code incident_segment_idx}).
   */
  public static final String HOT_SEGMENTS = """
      with seg as materialized (
        select s.id, s.code, s.geom, s.length_m from border_segment s where s.geom && %s
      ),
      counts as (
        select i.nearest_segment_id as sid,
               count(*) filter (where i.occurred_at >= :from and i.occurred_at < :to) as n,
               count(*) filter (where i.occurred_at >= :prevFrom and i.occurred_at < :from) as prev
        from incident i
        where i.nearest_segment_id in (select id from seg)
          and %s
          and i.occurred_at >= :prevFrom and i.occurred_at < :to
          and i.distance_to_border_m <= :maxDistanceM
          and i.status <> 'DISMISSED'
          and (cast(:types as text) is null or i.type = any(string_to_array(:types, ',')))
        group by i.nearest_segment_id
      ),
      rated as (
        select s.id, s.code, s.geom, c.n, c.prev,
               c.n / (s.length_m / 1000.0) / cast(:months as float8) as rate,
               c.prev / (s.length_m / 1000.0) / cast(:months as float8) as prev_rate
        from counts c join seg s on s.id = c.sid
        where c.n > 0
      )
      select st_asmvt(t, 'hot_segments', %d, 'geom', 'fid') from (
        select r.id as fid, r.id, r.code, r.n::int as count, round(r.rate::numeric, 4)::float8 as "ratePerKmMonth",
               r.prev::int as "previousCount", round(r.prev_rate::numeric, 4)::float8 as "previousRate",
               round((r.rate - r.prev_rate)::numeric, 4)::float8 as change,
               case when r.prev_rate > 0
                    then round((100 * (r.rate - r.prev_rate) / r.prev_rate)::numeric, 1)::float8 end as "changePct",
               %s as geom
        from rated r
      ) t where t.geom is not null
      """.formatted(BOX, Releasability.PREDICATE, EXTENT, mvtGeom("r.geom"));

  /**
   * Gi* cells (MVT layer {@code gistar}) from arrays: the cells of a window computed by the hotspot code and
   * already narrowed to the tile's box in Java; GeoJSON geometries in EPSG:4326.
   */
  public static final String GISTAR = """
      select st_asmvt(t, 'gistar', %d, 'geom') from (
        select c.id, c.n as count, c.z, c.p, c.q, c.bin,
               %s as geom
        from unnest(cast(:ids as text[]), cast(:geoms as text[]), cast(:counts as int[]), cast(:zs as float8[]),
                    cast(:ps as float8[]), cast(:qs as float8[]), cast(:bins as int[])) as c(id, g, n, z, p, q, bin)
      ) t where t.geom is not null
      """.formatted(EXTENT, mvtGeom("st_geomfromgeojson(c.g)"));

  /** The Web Mercator box of each GeoJSON geometry (EPSG:4326), in input order. */
  static final String MERCATOR_BOXES = """
      select st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)
      from (select ord, st_transform(st_geomfromgeojson(g), 3857)::box2d as b
            from unnest(cast(:geoms as text[])) with ordinality as c(g, ord)) t
      order by ord
      """;

  /** Custom plans for the rest of the transaction (see {@code TileService.build}). */
  static final String CUSTOM_PLANS = "select set_config('plan_cache_mode', 'force_custom_plan', true)";

  /** Versions of every layer (one small table, V11). */
  static final String VERSIONS = "select layer, version from layer_version";

  /** Bounds [w, s, e, n] of the segments (also of the derived layers). */
  static final String SEGMENT_BOUNDS = """
      select st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e) from (select st_extent(geom) as e from border_segment) x
      """;

  /** Bounds of the pillars. */
  static final String PILLAR_BOUNDS = """
      select st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e) from (select st_extent(geom) as e from pillar) x
      """;

  /** Bounds of the incidents the viewer may see under the filters. */
  static final String INCIDENT_BOUNDS = """
      select st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e) from (
        select st_extent(i.geom) as e from incident i where %s
        %s
      ) x
      """.formatted(Releasability.PREDICATE, INCIDENT_FILTER);
}
