#!/usr/bin/env bash
# Extracts the offline base map's rivers and lakes near the border from Natural Earth 1:10m (public domain), as
# committed in data/basemap/ (data/PROVENANCE.md says where the sources come from and what came out).
#   scripts/basemap-extract.sh <dir with ne_10m_rivers_lake_centerlines.json and ne_10m_lakes.json> [buffer km]
# Needs gdal-bin (ogr2ogr with the SQLite dialect). Writes data/basemap/khm-lao-water-naturalearth.geojson (rivers
# as lines, lakes as polygons); prints the feature counts.
set -euo pipefail
SRC=${1:?directory of the Natural Earth GeoJSON files}
KM=${2:-75}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/data/basemap
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1. the clip area: the OSM border line buffered KM km in UTM zone 48N (EPSG:32648), back in EPSG:4326
ogr2ogr -f GPKG "$TMP/line.gpkg" "$ROOT/data/border/khm-lao-border-osm.geojson" -t_srs EPSG:32648 -nln line
ogr2ogr -f GPKG "$TMP/buffer-utm.gpkg" "$TMP/line.gpkg" -dialect SQLite -nln buffer \
  -sql "select ST_Buffer(geom, $KM * 1000.0, 16) as geom from line"
ogr2ogr -f GeoJSON "$TMP/buffer.geojson" "$TMP/buffer-utm.gpkg" -t_srs EPSG:4326

# 2. clip each layer, keep a few attributes, simplify by 0.0003° (about 33 m, under a pixel at zoom 12), drop
#    what the clip left empty
for L in ne_10m_rivers_lake_centerlines ne_10m_lakes; do
  ogr2ogr -f GPKG "$TMP/water.gpkg" "$SRC/$L.json" -clipsrc "$TMP/buffer.geojson" -select name,featurecla,scalerank \
    -simplify 0.0003 -explodecollections -nln "$L" -update -overwrite
  echo "$L: $(ogrinfo -ro -so "$TMP/water.gpkg" "$L" | sed -n 's/^Feature Count: //p') features within $KM km"
done
# 3. one file: rivers (lines) then lakes (polygons), 5 decimals (about 1 m), RFC 7946; the licence travels with
#    every feature
ogr2ogr -f GeoJSON "$OUT/khm-lao-water-naturalearth.geojson" "$TMP/water.gpkg" -dialect SQLite -nln water \
  -sql "select geom, name, featurecla, cast(scalerank as integer) as scalerank,
               'Public domain (Natural Earth)' as license, 'Made with Natural Earth' as attribution
        from (select * from ne_10m_rivers_lake_centerlines union all select * from ne_10m_lakes)
        where geom is not null and not ST_IsEmpty(geom)" \
  -lco RFC7946=YES -lco COORDINATE_PRECISION=5 -lco WRITE_NAME=NO
F=$OUT/khm-lao-water-naturalearth.geojson
echo "$(basename "$F"): $(ogrinfo -ro -so -al "$F" | sed -n 's/^Feature Count: //p') features, $(wc -c < "$F") bytes"
