package org.borderzone.export;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.wololo.flatgeobuf.ColumnMeta;
import org.wololo.flatgeobuf.Constants;
import org.wololo.flatgeobuf.HeaderMeta;
import org.wololo.flatgeobuf.generated.ColumnType;
import org.wololo.flatgeobuf.generated.Feature;
import org.wololo.flatgeobuf.generated.GeometryType;

/**
 * FlatGeobuf 3 without the spatial index, streamed: the magic bytes, the header (columns, EPSG:4326, the exact
 * feature count and extent, counted first in the same snapshot), then one size-prefixed Feature per row, each
 * built in a reused {@link FlatBufferBuilder} and written at once. Why not PostGIS's {@code ST_AsFlatGeobuf}: it
 * is an aggregate that builds the whole file as one {@code bytea} in the database and hands it to the JDBC driver
 * in one piece (with the index, it must also sort everything first), so a 1,000,000-row export would sit in
 * memory twice; this writer holds one feature. Encoding of the properties (FlatGeobuf spec, {@code feature.fbs}):
 * per non-null value the column index as uint16, then the value little-endian (strings and date-times as uint32
 * length + UTF-8).
 */
final class FgbExport implements FeatureWriter {

  private final OutputStream out;
  private final WKBReader wkb = new WKBReader();
  private final FlatBufferBuilder builder = new FlatBufferBuilder(16 * 1024);
  private final Envelope extent;
  private ByteBuffer props = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
  private List<Dataset.Column> columns;
  private byte geometryType;

  FgbExport(OutputStream out, Envelope extent) {
    this.out = out;
    this.extent = extent;
  }

  @Override
  public void start(Dataset d, long count) throws IOException {
    columns = d.columns;
    geometryType = switch (d.geom) {
      case POINT -> GeometryType.Point;
      case LINESTRING -> GeometryType.LineString;
      case MULTILINESTRING -> GeometryType.MultiLineString;
    };
    HeaderMeta h = new HeaderMeta();
    h.name = d.id;
    h.geometryType = geometryType;
    h.srid = 4326;
    h.envelope = extent == null || extent.isNull() ? new Envelope(-180, 180, -90, 90) : extent;
    h.featuresCount = count;
    h.indexNodeSize = 0;
    h.columns = new ArrayList<>();
    for (Dataset.Column c : columns) {
      ColumnMeta m = new ColumnMeta();
      m.name = c.name();
      m.type = (byte) switch (c.type()) {
        case TEXT -> ColumnType.String;
        case INTEGER -> ColumnType.Long;
        case REAL -> ColumnType.Double;
        case BOOLEAN -> ColumnType.Bool;
        case DATETIME, DATE -> ColumnType.DateTime;
      };
      m.nullable = true;
      h.columns.add(m);
    }
    out.write(Constants.MAGIC_BYTES);
    HeaderMeta.write(h, out, new FlatBufferBuilder(4096));
  }

  @Override
  public void feature(Object[] values, Object geometry) throws IOException {
    props.clear();
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        continue;
      }
      switch (columns.get(i).type()) {
        case INTEGER -> room(10).putShort((short) i).putLong(((Number) v).longValue());
        case REAL -> room(10).putShort((short) i).putDouble((Double) v);
        case BOOLEAN -> room(3).putShort((short) i).put((byte) (((Boolean) v) ? 1 : 0));
        default -> {
          byte[] b = v.toString().getBytes(StandardCharsets.UTF_8);
          room(6 + b.length).putShort((short) i).putInt(b.length).put(b);
        }
      }
    }
    builder.clear();
    int geom = 0;
    if (geometry != null) {
      try {
        geom = geometry(wkb.read((byte[]) geometry));
      } catch (ParseException e) {
        throw new IOException(e);
      }
    }
    byte[] p = new byte[props.position()];
    props.flip().get(p);
    int propsOffset = Feature.createPropertiesVector(builder, p);
    int f = Feature.createFeature(builder, geom, propsOffset, 0);
    builder.finishSizePrefixed(f);
    ByteBuffer data = builder.dataBuffer();
    out.write(data.array(), data.position(), data.remaining());
  }

  /**
   * The geometry of one feature: all coordinates in {@code xy}, and for a MultiLineString the end index of every
   * part in {@code ends}, even of a single part (GDAL 3.6 refuses a MultiLineString without {@code ends}, which
   * the library's encoder leaves out for one part).
   */
  private int geometry(Geometry g) {
    int n = g.getNumPoints();
    double[] xy = new double[n * 2];
    Coordinate[] cs = g.getCoordinates();
    for (int i = 0; i < cs.length; i++) {
      xy[2 * i] = cs[i].x;
      xy[2 * i + 1] = cs[i].y;
    }
    int ends = 0;
    if (geometryType == GeometryType.MultiLineString) {
      long[] e = new long[g.getNumGeometries()];
      long end = 0;
      for (int i = 0; i < e.length; i++) {
        end += g.getGeometryN(i).getNumPoints();
        e[i] = end;
      }
      ends = org.wololo.flatgeobuf.generated.Geometry.createEndsVector(builder, e);
    }
    int xyOffset = org.wololo.flatgeobuf.generated.Geometry.createXyVector(builder, xy);
    return org.wololo.flatgeobuf.generated.Geometry.createGeometry(builder, ends, xyOffset, 0, 0, 0, 0,
        geometryType, 0);
  }

  /** The properties buffer with room for {@code n} more bytes (grown for a long text). */
  private ByteBuffer room(int n) {
    if (props.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(props.capacity() * 2, props.position() + n))
          .order(ByteOrder.LITTLE_ENDIAN);
      props.flip();
      bigger.put(props);
      props = bigger;
    }
    return props;
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }
}
