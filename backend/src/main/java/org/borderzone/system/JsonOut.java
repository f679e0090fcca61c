package org.borderzone.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.MediaType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A (Geo)JSON answer written to the response while it is produced, never held as one String: Jackson writes
 * the computed values, PostGIS geometry text is passed through raw. The response is only committed by the
 * first {@link #start()}, so everything a handler refuses before that (400, 422, 503) is still answered as
 * problem+json by {@code ProblemAdvice}; callers check and compute first, then start writing.
 */
public final class JsonOut implements AutoCloseable {

  private static final MediaType GEO = MediaType.parseMediaType(GeoJsonMedia.GEO_JSON);

  /** Opens the target when writing starts (commits the response). */
  private interface Target {
    OutputStream open() throws IOException;
  }

  private final Target target;
  private final JsonMapper json;
  private JsonGenerator generator;

  private JsonOut(Target target, JsonMapper json) {
    this.target = target;
    this.json = json;
  }

  /**
   * An answer of {@code application/geo+json}, or {@code application/json} when the client asks for that
   * ({@code Accept}, or {@code f=json}: {@link MediaFormats#prefersPlainJson}).
   */
  public static JsonOut geoJson(HttpServletRequest request, HttpServletResponse response, JsonMapper json) {
    return new JsonOut(() -> {
      response.setStatus(200);
      response.setContentType(MediaFormats.prefersPlainJson(request) ? MediaType.APPLICATION_JSON_VALUE
          : GeoJsonMedia.GEO_JSON);
      response.setCharacterEncoding("UTF-8");
      return response.getOutputStream();
    }, json);
  }

  /** The same document into {@code out} (in-process callers and tests). */
  public static JsonOut to(OutputStream out, JsonMapper json) {
    return new JsonOut(() -> out, json);
  }

  /** Starts the answer (for HTTP: commits 200) and returns the generator (the same one on later calls). */
  public JsonGenerator start() {
    if (generator == null) {
      try {
        generator = json.createGenerator(target.open());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return generator;
  }

  /** Whether writing has begun (then an error can no longer become a problem response). */
  public boolean started() {
    return generator != null;
  }

  /**
   * Ends the answer. When the writing stopped half-way (an exception), the document is left unterminated:
   * Jackson would otherwise close the open arrays and objects and hand the client a valid but incomplete
   * FeatureCollection.
   */
  @Override
  public void close() {
    if (generator == null) {
      return;
    }
    if (generator.streamWriteContext().inRoot()) {
      generator.close();
    } else {
      generator.flush();
    }
  }

  /** geo+json unless the Accept header prefers plain JSON (the mappings produce both). */
  static String contentType(String accept) {
    if (accept == null || accept.isBlank()) {
      return GeoJsonMedia.GEO_JSON;
    }
    try {
      List<MediaType> types = MediaType.parseMediaTypes(accept);
      types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
      for (MediaType t : types) {
        if (t.isCompatibleWith(GEO)) {
          return GeoJsonMedia.GEO_JSON;
        }
        if (t.isCompatibleWith(MediaType.APPLICATION_JSON)) {
          return MediaType.APPLICATION_JSON_VALUE;
        }
      }
    } catch (RuntimeException e) {
      // an unparsable Accept header already failed the mapping's produces condition; be lenient here
    }
    return GeoJsonMedia.GEO_JSON;
  }

  /**
   * Opens a GeoJSON Feature with {@code id} and a geometry PostGIS already wrote as GeoJSON text (passed through
   * as is), up to and including the opening of {@code properties}; close it with {@link #endFeature}.
   */
  public static void startFeature(JsonGenerator g, String id, String geometryJson) {
    g.writeStartObject();
    g.writeStringProperty("type", "Feature");
    g.writeStringProperty("id", id);
    g.writeName("geometry");
    g.writeRawValue(geometryJson);
    g.writeName("properties");
    g.writeStartObject();
  }

  /** Closes the properties and the Feature opened by {@link #startFeature}. */
  public static void endFeature(JsonGenerator g) {
    g.writeEndObject();
    g.writeEndObject();
  }

  /** A number rounded to {@code decimals} (trailing zeros dropped), or null when not finite. */
  public static void number(JsonGenerator g, String name, double v, int decimals) {
    g.writeName(name);
    number(g, v, decimals);
  }

  public static void number(JsonGenerator g, double v, int decimals) {
    if (!Double.isFinite(v)) {
      g.writeNull();
      return;
    }
    double scale = Math.pow(10, decimals);
    double r = Math.round(v * scale) / scale;
    if (r == Math.rint(r) && Math.abs(r) < 1e15) {
      g.writeNumber((long) r);
      return;
    }
    g.writeNumber(r); // the shortest representation of the rounded value (no String.format per number)
  }

  /** A probability: 8 decimals, full precision below 1e-4 (which FDR compares), null when not finite. */
  public static void probability(JsonGenerator g, String name, double v) {
    g.writeName(name);
    if (!Double.isFinite(v)) {
      g.writeNull();
    } else if (v >= 1e-4) {
      number(g, v, 8);
    } else {
      g.writeNumber(v);
    }
  }
}
