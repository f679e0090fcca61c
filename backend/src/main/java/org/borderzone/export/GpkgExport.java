package org.borderzone.export;

import java.io.File;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;

/**
 * GeoPackage 1.3 (OGC 12-128r18) through NGA's library: one feature table named after the dataset, geometry
 * column {@code geom} in EPSG:4326, the attributes as typed columns. SQLite needs a file, so the package is
 * written to a temporary file (in batches of {@link #BATCH} rows per SQLite transaction, so neither SQLite's
 * journal nor the JVM holds more than a batch) and streamed to the client once complete; the caller deletes it.
 */
final class GpkgExport implements FeatureWriter {

  static final int BATCH = 5_000;

  private final File file;
  private GeoPackage gp;
  private FeatureDao dao;
  private List<Dataset.Column> columns;
  private long srsId;
  private int inBatch;

  GpkgExport(File file) {
    this.file = file;
  }

  @Override
  public void start(Dataset d, long count) throws IOException {
    columns = d.columns;
    if (!file.delete() && file.exists()) {
      throw new IOException("cannot replace " + file);
    }
    GeoPackageManager.create(file);
    gp = GeoPackageManager.open(file, false);
    try {
      SpatialReferenceSystem srs = gp.getSpatialReferenceSystemDao().getOrCreateCode("EPSG", 4326);
      srsId = srs.getSrsId();
      GeometryColumns gc = new GeometryColumns();
      gc.setTableName(table(d));
      gc.setColumnName("geom");
      gc.setGeometryType(switch (d.geom) {
        case POINT -> GeometryType.POINT;
        case LINESTRING -> GeometryType.LINESTRING;
        case MULTILINESTRING -> GeometryType.MULTILINESTRING;
      });
      gc.setZ((byte) 0);
      gc.setM((byte) 0);
      gc.setSrs(srs);
      List<FeatureColumn> cols = new ArrayList<>();
      for (Dataset.Column c : columns) {
        cols.add(FeatureColumn.createColumn(c.name(), switch (c.type()) {
          case TEXT -> GeoPackageDataType.TEXT;
          case INTEGER -> GeoPackageDataType.INTEGER;
          case REAL -> GeoPackageDataType.REAL;
          case BOOLEAN -> GeoPackageDataType.BOOLEAN;
          case DATETIME -> GeoPackageDataType.DATETIME;
          case DATE -> GeoPackageDataType.DATE;
        }));
      }
      gp.createFeatureTable(FeatureTableMetadata.create(gc, "fid", cols,
          new BoundingBox(-180, -90, 180, 90)));
      dao = gp.getFeatureDao(table(d));
      gp.beginTransaction();
    } catch (SQLException | RuntimeException e) {
      gp.close();
      throw new IOException(e);
    }
  }

  /** The feature table's name: the dataset's, as an SQLite identifier (no hyphen). */
  static String table(Dataset d) {
    return d.id.replace('-', '_');
  }

  @Override
  public void feature(Object[] values, Object geometry) throws IOException {
    FeatureRow row = dao.newRow();
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v != null && columns.get(i).type() == Dataset.Type.DATETIME) {
        v = GpkgDates.dateTime(v.toString());
      }
      row.setValue(columns.get(i).name(), v);
    }
    if (geometry != null) {
      row.setGeometry(GeoPackageGeometryData.createFromWkbAndBuildEnvelope(srsId, (byte[]) geometry));
    }
    dao.insert(row);
    if (++inBatch == BATCH) {
      gp.endAndBeginTransaction();
      inBatch = 0;
    }
  }

  @Override
  public void finish() {
    gp.endTransaction(true);
    gp.close();
  }

  /** Closes the package after a failure (the caller deletes the file). */
  void abort() {
    if (gp != null) {
      try {
        if (gp.inTransaction()) {
          gp.endTransaction(false);
        }
      } finally {
        gp.close();
      }
    }
  }
}
