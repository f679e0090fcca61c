package org.borderzone.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV (RFC 4180: comma, CRLF, a field quoted when it holds a comma, a quote or a line break, quotes doubled),
 * UTF-8, a header row of the column names and the geometry as WKT in the last column {@code WKT} (the name GDAL
 * and QGIS recognise). With {@code bom} the file starts with a UTF-8 byte order mark, without which Excel reads
 * Khmer and Lao as mojibake. Formula injection is neutralised ({@link #neutralise}).
 */
final class CsvExport implements FeatureWriter {

  private final OutputStream stream;
  private final boolean bom;
  private Writer writer;
  private CsvWriter csv;
  private List<Dataset.Column> columns;
  private String[] record;

  CsvExport(OutputStream stream, boolean bom) {
    this.stream = stream;
    this.bom = bom;
  }

  /**
   * A text cell a spreadsheet would evaluate as a formula (it starts with {@code = + - @}, a tab or a carriage
   * return: OWASP's CSV injection list) gets a leading apostrophe, which spreadsheets show as text. Only text
   * columns are touched: numbers and times are written by the server and never start with these characters
   * except a minus sign of a number, which is not a formula.
   */
  static String neutralise(String cell) {
    if (cell == null || cell.isEmpty()) {
      return cell;
    }
    char c = cell.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
  }

  @Override
  public void start(Dataset dataset, long count) throws IOException {
    columns = dataset.columns;
    if (bom) {
      stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(writer);
    record = new String[columns.size() + 1];
    for (int i = 0; i < columns.size(); i++) {
      record[i] = columns.get(i).name();
    }
    record[columns.size()] = "WKT";
    csv.writeRecord(record);
  }

  @Override
  public void feature(Object[] values, Object geometry) {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        record[i] = "";
      } else if (columns.get(i).type() == Dataset.Type.TEXT) {
        record[i] = neutralise(v.toString());
      } else if (v instanceof Double d) {
        record[i] = Coordinates.plain(d, 7);
      } else {
        record[i] = v.toString();
      }
    }
    record[values.length] = geometry == null ? "" : (String) geometry;
    csv.writeRecord(record);
  }

  @Override
  public void finish() throws IOException {
    csv.flush();
    writer.flush();
  }
}
