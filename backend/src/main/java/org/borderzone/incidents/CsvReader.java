package org.borderzone.incidents;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: comma-separated fields, optionally in double quotes (a quote inside is
 * doubled; quoted fields may hold commas and line breaks), CRLF or LF line ends, a leading UTF-8 BOM
 * skipped. {@link #next()} returns one record at a time with the file line on which it starts (1-based),
 * so a report can say "line 57". Memory stays bounded by the longest record.
 */
final class CsvReader {

  /** One record: its fields and the line it starts on. */
  record Row(int line, List<String> fields) {}

  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private int line = 1;
  private boolean started;

  CsvReader(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos];
  }

  /** The next record, or null at the end. Blank lines are skipped. */
  Row next() throws IOException {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        read();
      }
    }
    while (true) {
      int c = peek();
      if (c == -1) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        read();
        if (c == '\r' && peek() == '\n') {
          read();
        }
        line++;
        continue;
      }
      break;
    }
    int startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      int c = read();
      if (quoted) {
        if (c == -1) {
          fields.add(sb.toString());
          return new Row(startLine, fields);
        }
        if (c == '"') {
          if (peek() == '"') {
            read();
            sb.append('"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n' || (c == '\r' && peek() != '\n')) {
            line++;
          }
          sb.append((char) c);
        }
        continue;
      }
      if (c == -1 || c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        if (c != -1) {
          line++;
        }
        fields.add(wasQuoted ? sb.toString() : sb.toString().strip());
        return new Row(startLine, fields);
      }
      if (c == ',') {
        fields.add(wasQuoted ? sb.toString() : sb.toString().strip());
        sb.setLength(0);
        wasQuoted = false;
      } else if (c == '"' && sb.toString().isBlank() && !wasQuoted) {
        sb.setLength(0);
        quoted = true;
        wasQuoted = true;
      } else {
        sb.append((char) c);
      }
    }
  }
}
