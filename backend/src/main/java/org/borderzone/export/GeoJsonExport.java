package org.borderzone.export;

import java.io.IOException;
import java.util.List;
import org.borderzone.system.JsonOut;
import tools.jackson.core.JsonGenerator;

/**
 * GeoJSON (RFC 7946): a FeatureCollection streamed with {@link JsonOut}; PostGIS's geometry text is passed
 * through raw, Jackson writes (and escapes) the values. {@code numberReturned} comes after the features.
 */
final class GeoJsonExport implements FeatureWriter {

  private final JsonOut out;
  private JsonGenerator g;
  private List<Dataset.Column> columns;
  private long n;

  GeoJsonExport(JsonOut out) {
    this.out = out;
  }

  @Override
  public void start(Dataset dataset, long count) {
    columns = dataset.columns;
    g = out.start();
    g.writeStartObject();
    g.writeStringProperty("type", "FeatureCollection");
    g.writeStringProperty("name", dataset.id);
    g.writeName("features");
    g.writeStartArray();
  }

  @Override
  public void feature(Object[] values, Object geometry) {
    JsonOut.startFeature(g, String.valueOf(values[0]), geometry == null ? "null" : (String) geometry);
    for (int i = 0; i < values.length; i++) {
      g.writeName(columns.get(i).name());
      Object v = values[i];
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Long l) {
        g.writeNumber(l);
      } else if (v instanceof Double d) {
        JsonOut.number(g, d, 7);
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else {
        g.writeString(v.toString());
      }
    }
    JsonOut.endFeature(g);
    n++;
  }

  @Override
  public void finish() throws IOException {
    g.writeEndArray();
    g.writeNumberProperty("numberReturned", n);
    g.writeEndObject();
    out.close();
  }
}
