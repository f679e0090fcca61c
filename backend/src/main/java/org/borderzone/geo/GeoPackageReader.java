package org.borderzone.geo;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.Geometry;
import mil.nga.sf.GeometryType;
import mil.nga.sf.LineString;
import mil.nga.sf.Point;
import mil.nga.sf.proj.GeometryTransform;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;

/**
 * Reads the features of one table of an uploaded GeoPackage (OGC 12-128r18) with NGA's library, treating the
 * file as hostile: before NGA opens it, the SQLite header and the GeoPackage {@code application_id} are
 * checked (any other SQLite file is refused); it is opened read-only with {@code trusted_schema} off (SQL
 * functions in the file's own views and triggers do not run); the table must be a real table (not a view, whose
 * query could be anything) of {@code gpkg_contents} with the expected geometry type and a known SRS (EPSG:4326
 * as is; EPSG:32648 and EPSG:3857 transformed to EPSG:4326 by NGA's proj; anything else refused); its rows are
 * counted against the import limit before one is read. Several feature tables need {@code ?table=}. Every
 * failure is a 4xx naming {@code body}, {@code table}, the geometry column or {@code srs}; a file that breaks
 * while being read (truncated) is a 400 too.
 */
public final class GeoPackageReader implements Closeable {

  /** The geometry a table must hold. */
  public enum Kind { POINT, LINE }

  /**
   * One row: its 1-based number, the fid, the geometry type found, its positions in EPSG:4326 (one for a
   * point; null when the row has no geometry), and the other columns as text (null for SQL NULL).
   */
  public record Row(int number, long fid, String geometryType, double[][] positions, Map<String, String> attributes) {}

  private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  /** The {@code application_id} values of GeoPackage 1.2+ ("GPKG") and 1.0/1.1 ("GP10", "GP11"). */
  private static final List<String> APPLICATION_IDS = List.of("GPKG", "GP10", "GP11");

  private final GeoPackage gpkg;
  private final String table;
  private final String geometryColumn;
  private final String idColumn;
  private final Kind kind;
  private final GeometryTransform transform;
  private final long count;
  private FeatureResultSet rows;
  private int number;

  private GeoPackageReader(GeoPackage gpkg, String table, String geometryColumn, String idColumn, Kind kind,
      GeometryTransform transform, long count) {
    this.gpkg = gpkg;
    this.table = table;
    this.geometryColumn = geometryColumn;
    this.idColumn = idColumn;
    this.kind = kind;
    this.transform = transform;
    this.count = count;
  }

  /** Checks the file and opens {@code table} (or the only feature table); 4xx when it cannot be imported. */
  public static GeoPackageReader open(Path file, String table, Kind kind, long maxRows) throws IOException {
    checkHeader(file);
    GeoPackage gpkg;
    try {
      gpkg = GeoPackageManager.open(false, file.toFile(), true);
    } catch (RuntimeException e) {
      throw ApiException.badField("body", "error.gpkg-unreadable", message(e));
    }
    try {
      gpkg.getConnection().execSQL(GeoSql.SQLITE_UNTRUSTED_SCHEMA);
      List<String> tables = gpkg.getFeatureTables();
      String chosen;
      if (table != null && !table.isBlank()) {
        if (!tables.contains(table)) {
          throw ApiException.unprocessable("table", "error.unknown-value", table, String.join(", ", tables));
        }
        chosen = table;
      } else if (tables.size() == 1) {
        chosen = tables.get(0);
      } else if (tables.isEmpty()) {
        throw ApiException.unprocessable("table", "error.gpkg-no-features");
      } else {
        throw ApiException.unprocessable("table", "error.gpkg-several-tables", String.join(", ", tables));
      }
      if (!gpkg.isTable(chosen)) {
        throw ApiException.unprocessable("table", "error.gpkg-not-a-table", chosen);
      }
      FeatureDao dao = gpkg.getFeatureDao(chosen);
      String geom = dao.getGeometryColumnName();
      GeometryType type = dao.getGeometryType();
      boolean fits = type == GeometryType.GEOMETRY
          || (kind == Kind.POINT ? type == GeometryType.POINT : type == GeometryType.LINESTRING);
      if (!fits) {
        throw ApiException.unprocessable(geom, "error.gpkg-geometry-type", kind == Kind.POINT ? "POINT" : "LINESTRING",
            String.valueOf(type));
      }
      GeometryTransform transform = transform(dao.getSrs());
      long n = dao.count();
      Limits.check("table", "error.limit-import-rows", maxRows, n);
      return new GeoPackageReader(gpkg, chosen, geom, dao.getIdColumnName(), kind, transform, n);
    } catch (ApiException e) {
      gpkg.close();
      throw e;
    } catch (RuntimeException e) {
      gpkg.close();
      throw ApiException.badField("body", "error.gpkg-unreadable", message(e));
    }
  }

  /** "SQLite format 3" and a GeoPackage application_id, read from the file before any library sees it. */
  private static void checkHeader(Path file) throws IOException {
    byte[] head = new byte[100];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n < head.length || !Arrays.equals(Arrays.copyOf(head, SQLITE.length), SQLITE)) {
      throw ApiException.badField("body", "error.gpkg-not-sqlite");
    }
    String app = new String(head, 68, 4, StandardCharsets.US_ASCII);
    if (!APPLICATION_IDS.contains(app)) {
      throw ApiException.badField("body", "error.gpkg-not-geopackage");
    }
  }

  private static GeometryTransform transform(SpatialReferenceSystem srs) {
    String org = srs == null || srs.getOrganization() == null ? "" : srs.getOrganization().trim();
    long code = srs == null ? -1 : srs.getOrganizationCoordsysId();
    if (!org.equalsIgnoreCase("EPSG")) {
      throw ApiException.unprocessable("srs", "error.gpkg-srs", org.isEmpty() ? "undefined" : org + ":" + code);
    }
    if (code == 4326) {
      return null;
    }
    if (code == 32648 || code == 3857) {
      return GeometryTransform.create(code, 4326);
    }
    throw ApiException.unprocessable("srs", "error.gpkg-srs", "EPSG:" + code);
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 200 ? m.substring(0, 200) : m;
  }

  public String table() {
    return table;
  }

  public String geometryColumn() {
    return geometryColumn;
  }

  /** Rows in the table (counted before reading). */
  public long count() {
    return count;
  }

  /** The next row, or null at the end; a file that breaks while being read is a 400 ({@code body}). */
  public Row next() {
    try {
      if (rows == null) {
        rows = gpkg.getFeatureDao(table).queryForAll();
      }
      if (!rows.moveToNext()) {
        return null;
      }
      FeatureRow row = rows.getRow();
      int no = ++number;
      Map<String, String> attributes = new LinkedHashMap<>();
      String[] names = row.getColumnNames();
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(geometryColumn) || names[i].equals(idColumn)) {
          continue;
        }
        attributes.put(names[i], text(row.getValue(i)));
      }
      GeoPackageGeometryData data = row.getGeometry();
      Geometry g = data == null ? null : data.getGeometry();
      if (g == null || g.isEmpty()) {
        return new Row(no, row.getId(), g == null ? null : g.getGeometryType().getName(), null, attributes);
      }
      if (transform != null) {
        g = transform.transform(g);
      }
      double[][] positions = null;
      if (g instanceof Point p) {
        positions = new double[][] {{p.getX(), p.getY()}};
      } else if (g instanceof LineString l && kind == Kind.LINE) {
        List<double[]> ps = new ArrayList<>(l.numPoints());
        for (Point p : l.getPoints()) {
          ps.add(new double[] {p.getX(), p.getY()});
        }
        positions = ps.toArray(double[][]::new);
      }
      return new Row(no, row.getId(), g.getGeometryType().getName(), positions, attributes);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badField("body", "error.gpkg-unreadable", message(e));
    }
  }

  private static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Date d) {
      return d.toInstant().toString();
    }
    if (v instanceof byte[]) {
      return null; // a BLOB is never an attribute we read
    }
    return v.toString();
  }

  @Override
  public void close() {
    try {
      if (rows != null) {
        rows.close();
      }
    } finally {
      gpkg.close();
    }
  }
}
