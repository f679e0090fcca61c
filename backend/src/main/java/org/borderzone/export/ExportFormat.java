package org.borderzone.export;

import org.borderzone.system.GeoJsonMedia;
import org.borderzone.system.MediaFormats;
import org.springframework.http.MediaType;

/**
 * The export formats: the {@code f} value ({@link MediaFormats}, the one table of {@code f} values), the media
 * type answered, the file extension of the {@code Content-Disposition} name and the geometry encoding PostGIS
 * hands the writer.
 */
enum ExportFormat {
  GEOJSON("geojson", GeoJsonMedia.GEO_JSON, "geojson", Geometry.GEOJSON),
  /** GeoJSON answered as {@code application/json} (clients that only know JSON). */
  JSON("json", MediaType.APPLICATION_JSON_VALUE, "geojson", Geometry.GEOJSON),
  CSV("csv", MediaFormats.CSV, "csv", Geometry.WKT),
  KML("kml", MediaFormats.KML, "kml", Geometry.WKB),
  GPKG("gpkg", MediaFormats.GPKG, "gpkg", Geometry.WKB),
  FGB("fgb", MediaFormats.FGB, "fgb", Geometry.WKB);

  /** How PostGIS encodes the geometry column {@code g} for the writer. */
  enum Geometry { GEOJSON, WKT, WKB }

  final String key;
  final MediaType mediaType;
  final String extension;
  final Geometry geometry;

  ExportFormat(String key, String mediaType, String extension, Geometry geometry) {
    this.key = key;
    this.mediaType = MediaType.parseMediaType(mediaType);
    this.extension = extension;
    this.geometry = geometry;
  }

  /** The format of a negotiated media type, or null. */
  static ExportFormat of(MediaType type) {
    for (ExportFormat f : values()) {
      if (f.mediaType.equalsTypeAndSubtype(type)) {
        return f;
      }
    }
    return null;
  }

}
