package org.borderzone.incidents;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import de.siegmar.fastcsv.reader.RecordType;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * CSV records read strictly by RFC 4180 with FastCSV: comma-separated fields, optionally in double quotes (a
 * quote inside is doubled; quoted fields may hold commas and line breaks), CRLF or LF line ends, a leading
 * UTF-8 BOM skipped, empty lines skipped. What RFC 4180 forbids is an error naming the line and the column
 * (the 1-based field number) instead of a guess: a quote that is never closed (it would swallow the rest of
 * the file into one field), text after a closing quote, and a quote inside an unquoted field. Unquoted fields
 * are trimmed. Memory stays bounded by the longest record.
 */
final class CsvRecords implements Closeable {

  /**
   * One record: the line it starts on and its fields; {@code bareQuoteColumn} is the first unquoted field
   * holding a double quote (0 when none), which the caller reports as a problem of this record.
   */
  record Row(int line, List<String> fields, int bareQuoteColumn) {}

  /** A syntax error after which the file cannot be read on: {@code line} and {@code column} say where. */
  static final class SyntaxError extends Exception {
    final int line;
    final int column;
    final String code;

    SyntaxError(int line, int column, String code, String message) {
      super(message);
      this.line = line;
      this.column = column;
      this.code = code;
    }
  }

  private final Handler handler = new Handler();
  private final CsvReader<Row> reader;
  private final Iterator<Row> rows;

  CsvRecords(InputStream in) {
    this.reader = CsvReader.builder().fieldSeparator(',').quoteCharacter('"').skipEmptyLines(true)
        .detectBomHeader(true).allowUnclosedQuote(false)
        // Field counts are checked by the caller against the header, per record, so one ragged record does not
        // stop the reading (FastCSV's STRICT would end the file there).
        .extraFieldStrategy(FieldMismatchStrategy.IGNORE).missingFieldStrategy(FieldMismatchStrategy.IGNORE)
        .build(handler, in, StandardCharsets.UTF_8);
    this.rows = reader.iterator();
  }

  /** The next record, or null at the end of the file. */
  Row next() throws IOException, SyntaxError {
    try {
      return rows.hasNext() ? rows.next() : null;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (CsvParseException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      int column = handler.fields.size() + 1;
      if (m.startsWith("Unclosed quoted field")) {
        throw new SyntaxError(handler.line, column, "error.csv-unclosed-quote", m);
      }
      if (m.startsWith("Unexpected character after closing quote")) {
        throw new SyntaxError(handler.line, column, "error.csv-after-quote", m);
      }
      throw new SyntaxError(handler.line, column, "error.csv-malformed", m);
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** Collects the fields of one record and notes bare quotes (FastCSV itself reads them as text). */
  private static final class Handler extends CsvCallbackHandler<Row> {
    int line = 1;
    List<String> fields = new ArrayList<>();
    int bareQuote;
    boolean empty;

    @Override
    protected RecordType getRecordType() {
      return empty ? RecordType.EMPTY : RecordType.DATA;
    }

    @Override
    protected int getFieldCount() {
      return fields.size();
    }

    @Override
    protected void beginRecord(long startingLineNumber) {
      line = (int) Math.min(Integer.MAX_VALUE, startingLineNumber);
      fields = new ArrayList<>();
      bareQuote = 0;
      empty = false;
    }

    @Override
    protected void addField(char[] buf, int offset, int len, boolean quoted) {
      String v = new String(buf, offset, len);
      if (!quoted && bareQuote == 0 && v.indexOf('"') >= 0) {
        bareQuote = fields.size() + 1;
      }
      fields.add(quoted ? v : v.strip());
    }

    @Override
    protected void setComment(char[] buf, int offset, int len) {
      // comments are off (RFC 4180 has none)
    }

    @Override
    protected void setEmpty() {
      empty = true;
    }

    @Override
    protected Row buildRecord() {
      return new Row(line, List.copyOf(fields), bareQuote);
    }
  }
}
