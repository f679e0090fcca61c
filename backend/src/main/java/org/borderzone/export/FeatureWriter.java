package org.borderzone.export;

import java.io.IOException;

/**
 * One export format, fed row by row: {@link #start} once, {@link #feature} per row as PostgreSQL returns it,
 * {@link #finish} at the end. A writer keeps no rows: what it has written is on its way to the client (or, for
 * GeoPackage, in its temporary file), so memory stays constant whatever the row count.
 */
interface FeatureWriter {

  /** The dataset's header (columns, styles); {@code count} is the number of features that follow. */
  void start(Dataset dataset, long count) throws IOException;

  /**
   * One feature: the values in the order of {@link Dataset#columns} (String, Long, Double, Boolean, or an
   * ISO 8601 String for times and dates; null when absent) and the geometry as the format's encoding asked
   * (GeoJSON or WKT text, WKB bytes; null when the feature has none).
   */
  void feature(Object[] values, Object geometry) throws IOException;

  void finish() throws IOException;
}
