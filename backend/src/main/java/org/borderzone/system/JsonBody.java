package org.borderzone.system;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one way JSON comes in. Request bodies are read into records by the server's {@link JsonMapper}, which
 * {@link #strict} configures (see {@code StrictJsonConfig}); every reading failure becomes a 400 problem that
 * names the JSON path ({@link #problem}). The rules, which no feature may relax:
 * <ul>
 *   <li>one JSON document: anything after it (a second document, garbage) is refused;</li>
 *   <li>no duplicate keys in any object, however deep;</li>
 *   <li>an integer field takes a JSON integer that fits the Java type: no fractions ({@code 0.5}, {@code 1.0}),
 *       no numbers out of range ({@code 2^31} for an {@code int}), no numeric strings ({@code "5"});</li>
 *   <li>a text field takes a JSON string, a boolean field {@code true}/{@code false}, a list a JSON array, an
 *       object a JSON object: no coercion between them;</li>
 *   <li>unknown enumeration values are refused with the accepted values (case is ignored);</li>
 *   <li>unknown members are ignored (GeoJSON allows foreign members; clients send back what they read).</li>
 * </ul>
 * Required fields, lengths and ranges are checked by each feature's record, after reading, with the same
 * message keys. GeoJSON geometries stay {@link JsonNode}s inside the records and are checked by
 * {@code geo.Geo}.
 */
public final class JsonBody {

  /** A mapper with exactly the server's reading rules, for code that reads outside MVC (imports, tests). */
  public static final JsonMapper MAPPER = strict(JsonMapper.builder()).build();

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");

  private JsonBody() {}

  /** Applies the strict reading rules to a mapper builder (the server's, via Spring Boot, and {@link #MAPPER}). */
  public static JsonMapper.Builder strict(JsonMapper.Builder b) {
    return b.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
        .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
        .addModule(new SimpleModule("borderzone-strict-numbers").addDeserializer(Double.class, new FiniteDouble()));
  }

  /**
   * A {@code Double} is a JSON number with a finite value: Jackson would otherwise accept the strings "NaN" and
   * "Infinity" and read {@code 1e400} as infinity.
   */
  private static final class FiniteDouble extends ValueDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) {
      JsonToken t = p.currentToken();
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        return (Double) ctxt.handleUnexpectedToken(Double.class, p);
      }
      double v = p.getDoubleValue();
      if (!Double.isFinite(v)) {
        throw InvalidFormatException.from(p, "not a finite number", p.getString(), Double.class);
      }
      return v;
    }
  }

  /** Reads {@code text} into {@code type} with the strict rules; failures are 400s naming the path. */
  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JacksonException e) {
      throw problem(e, "");
    }
  }

  /**
   * Binds a JSON tree (part of a body already read, e.g. one feature of a streamed import) to {@code type}
   * with the strict rules; a failure names the path below {@code prefix} (e.g. {@code features[3]}).
   */
  public static <T> T convert(JsonNode node, Class<T> type, String prefix) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JacksonException e) {
      throw problem(e, prefix);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(prefix.isEmpty() ? "body" : prefix, "error.wrong-type", e.getMessage());
    }
  }

  /** The 400 for a reading failure of a whole body. */
  public static ApiException problem(JacksonException e) {
    return problem(e, "");
  }

  /**
   * The 400 for a reading failure, naming the JSON path (below {@code prefix}) and, for syntax errors, the line
   * and column. An {@link ApiException} raised while binding (a record's own check) is returned as it is.
   */
  public static ApiException problem(JacksonException e, String prefix) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApiException a) {
        return a;
      }
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String path = join(prefix, path(e.getPath()));
    if (e instanceof InputCoercionException ic) {
      Class<?> t = ic.getTargetType();
      boolean isLong = t == Long.TYPE || t == Long.class;
      return ApiException.badField(orBody(path), "error.integer-range",
          String.valueOf(isLong ? Long.MIN_VALUE : Integer.MIN_VALUE),
          String.valueOf(isLong ? Long.MAX_VALUE : Integer.MAX_VALUE));
    }
    if (e instanceof InvalidNullException) {
      return ApiException.badField(orBody(path), "error.required");
    }
    if (e instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      Object value = f.getValue();
      if (target != null && target.isEnum()) {
        return ApiException.badField(orBody(path), "error.unknown-value", String.valueOf(value),
            Arrays.stream(target.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", ")));
      }
      if (target == Double.class) {
        return ApiException.badField(orBody(path), "error.not-finite", String.valueOf(value));
      }
      if (integral(target) && value instanceof Number) {
        return ApiException.badField(orBody(path), "error.not-integer", String.valueOf(value));
      }
      return ApiException.badField(orBody(path), "error.wrong-type", String.valueOf(value));
    }
    if (e instanceof MismatchedInputException) {
      if (message.startsWith("Trailing token")) {
        return ApiException.badField("body", "error.trailing-data", line(e), column(e));
      }
      if (message.startsWith("No content to map")) {
        return ApiException.badField("body", "error.body-missing");
      }
      return ApiException.badField(orBody(path), "error.wrong-type", shortMessage(message));
    }
    if (e instanceof StreamReadException sre) {
      // Syntax errors come from the parser: its own context knows the path even inside unbound members.
      String where = join(prefix, parserPath(sre));
      Matcher dup = DUPLICATE.matcher(message);
      if (dup.find()) {
        String field = where.isEmpty() ? dup.group(1) : where;
        return ApiException.badField(field, "error.duplicate-key", dup.group(1), line(e), column(e));
      }
      // Not JSON at all: the body as a whole is refused, the message says where it broke.
      return ApiException.badField(prefix.isEmpty() ? "body" : prefix, "error.malformed-json-at",
          shortMessage(message), line(e), column(e));
    }
    return ApiException.badField(orBody(path), "error.wrong-type", shortMessage(message));
  }

  private static boolean integral(Class<?> t) {
    return t == Integer.class || t == Integer.TYPE || t == Long.class || t == Long.TYPE || t == Short.class
        || t == Short.TYPE || t == java.math.BigInteger.class;
  }

  /** Jackson's message up to its first hint in parentheses or line break: readable, no class names leaked. */
  private static String shortMessage(String m) {
    String s = m.replaceAll("`[a-zA-Z0-9_.$]*\\.([A-Za-z0-9_]+)`", "$1");
    int nl = s.indexOf('\n');
    if (nl >= 0) {
      s = s.substring(0, nl);
    }
    int hint = s.indexOf(" (but ");
    if (hint >= 0) {
      s = s.substring(0, hint);
    }
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static String orBody(String path) {
    return path.isEmpty() ? "body" : path;
  }

  private static String join(String prefix, String path) {
    if (prefix.isEmpty()) {
      return path;
    }
    if (path.isEmpty()) {
      return prefix;
    }
    return path.startsWith("[") ? prefix + path : prefix + "." + path;
  }

  /** Line and column as text (message arguments are formatted without digit grouping); "?" when unknown. */
  private static String line(JacksonException e) {
    TokenStreamLocation l = e.getLocation();
    return l == null || l.getLineNr() < 0 ? "?" : String.valueOf(l.getLineNr());
  }

  private static String column(JacksonException e) {
    TokenStreamLocation l = e.getLocation();
    return l == null || l.getColumnNr() < 0 ? "?" : String.valueOf(l.getColumnNr());
  }

  /** A databind path as {@code route.stops[2].lon}; empty for the root. */
  public static String path(List<JacksonException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : refs) {
      if (r.getPropertyName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** The path of the parser's current position, from its context chain. */
  private static String parserPath(StreamReadException e) {
    JsonParser p = e.processor();
    if (p == null) {
      return "";
    }
    Deque<String> parts = new ArrayDeque<>();
    for (TokenStreamContext c = p.streamReadContext(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.currentName() != null) {
        parts.push(c.currentName());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String s : parts) {
      if (!s.startsWith("[") && sb.length() > 0) {
        sb.append('.');
      }
      sb.append(s);
    }
    return sb.toString();
  }
}
