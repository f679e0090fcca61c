package org.borderzone.support;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generators of hostile JSON for the property-based tests: random JSON values, and mutations of a valid body
 * (a value replaced by one of the wrong type, a huge or fractional number, a member removed or duplicated,
 * trailing data or a second document, deep nesting, truncation, a stray character).
 */
public final class JsonArbitraries {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String MARK = "@@fuzz@@";

  private JsonArbitraries() {}

  /** Numbers that break lenient readers: beyond int and long, fractions, exponents, negative zero. */
  public static Arbitrary<String> nastyNumbers() {
    return Arbitraries.of("2147483648", "-2147483649", "9223372036854775808", "1e400", "-1e400", "0.5", "1.0", "-0",
        "1e3", "3.0000000000000001", "123456789012345678901234567890", "-1", "0", "4.9e-324", "1E+2");
  }

  /** Strings that break lenient readers: empty, blank, NUL, quotes, very long, non-ASCII, numbers as text. */
  public static Arbitrary<String> nastyStrings() {
    return Arbitraries.oneOf(
        Arbitraries.of("", " ", "\u0000", "\"", "\\", "NaN", "Infinity", "-Infinity", "null", "true", "5", "3.5",
            "DONE", "done", "KH", "la", "Feature", "FeatureCollection", "POINT (106 14)", "2025-02-30",
            "\u1780\u17d2\u1798\u17c2\u179a", "\ud83d\ude00", "'; drop table incident; --", "<script>"),
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withChars('x').ofLength(5000))
        .map(s -> JSON.writeValueAsString(s));
  }

  /** A random JSON value as text, nested at most {@code depth} levels. */
  public static Arbitrary<String> values(int depth) {
    Arbitrary<String> scalar = Arbitraries.oneOf(Arbitraries.of("null", "true", "false"), nastyNumbers(),
        Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf), nastyStrings());
    if (depth <= 0) {
      return scalar;
    }
    Arbitrary<String> inner = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<String> array = inner.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    Arbitrary<String> object = Combinators.combine(Arbitraries.of("type", "status", "version", "properties", "geometry",
            "coordinates", "features", "name", "id", "x"), inner).as((k, v) -> "\"" + k + "\":" + v)
        .list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, array),
        net.jqwik.api.Tuple.of(2, object));
  }

  /** What is appended after a body: a second document, garbage, a stray bracket or comma. */
  public static Arbitrary<String> trailing() {
    return Arbitraries.of(" {}", "{}", " []", " x", "]", "}", ",", " null", "\n{\"status\":\"DONE\"}", " 1", "\"\"",
        " /* */", "\u0000");
  }

  /** Mutations of {@code valid} (a JSON text), plus the valid body itself now and then. */
  public static Arbitrary<String> mutations(String valid) {
    return mutations(valid, List.of());
  }

  /**
   * Mutations of {@code valid} that leave the members under {@code kept} (paths such as
   * {@code List.of("segmentIds")}) alone: a test keeps there what makes the body harmless if it is accepted.
   */
  public static Arbitrary<String> mutations(String valid, List<List<Object>> kept) {
    JsonNode tree = JSON.readTree(valid);
    List<List<Object>> paths = new ArrayList<>();
    collect(tree, new ArrayList<>(), paths);
    paths.removeIf(p -> kept.stream().anyMatch(k -> p.size() >= k.size() && p.subList(0, k.size()).equals(k)));
    Arbitrary<List<Object>> path = Arbitraries.of(paths);
    Arbitrary<String> replaced = Combinators.combine(path, values(2)).as((p, v) -> replace(tree, p, v));
    Arbitrary<String> numbers = Combinators.combine(path, nastyNumbers()).as((p, v) -> replace(tree, p, v));
    Arbitrary<String> strings = Combinators.combine(path, nastyStrings()).as((p, v) -> replace(tree, p, v));
    Arbitrary<String> removed = path.filter(p -> !p.isEmpty()).map(p -> remove(tree, p));
    Arbitrary<String> duplicated = path.filter(p -> !p.isEmpty() && p.get(p.size() - 1) instanceof String)
        .map(p -> duplicate(tree, p));
    Arbitrary<String> appended = trailing().map(t -> valid + t);
    Arbitrary<String> nested = Combinators.combine(path, Arbitraries.integers().between(1, 3000))
        .as((p, n) -> replace(tree, p, "[".repeat(n) + "1" + "]".repeat(n)));
    Arbitrary<String> truncated = Arbitraries.integers().between(0, Math.max(0, valid.length() - 1))
        .map(i -> valid.substring(0, i));
    Arbitrary<String> stray = Combinators.combine(Arbitraries.integers().between(0, valid.length()),
        Arbitraries.of('"', ',', '{', '}', '[', ']', ':', '\\', 'x', '0', '.', '-', '\u0000'))
        .as((i, c) -> valid.substring(0, i) + c + valid.substring(i));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(valid)),
        net.jqwik.api.Tuple.of(6, replaced), net.jqwik.api.Tuple.of(4, numbers), net.jqwik.api.Tuple.of(3, strings),
        net.jqwik.api.Tuple.of(2, removed), net.jqwik.api.Tuple.of(2, duplicated),
        net.jqwik.api.Tuple.of(2, appended), net.jqwik.api.Tuple.of(1, nested), net.jqwik.api.Tuple.of(1, truncated),
        net.jqwik.api.Tuple.of(2, stray), net.jqwik.api.Tuple.of(1, values(3)));
  }

  private static void collect(JsonNode n, List<Object> at, List<List<Object>> out) {
    out.add(List.copyOf(at));
    if (n.isObject()) {
      for (String k : n.propertyNames()) {
        at.add(k);
        collect(n.get(k), at, out);
        at.remove(at.size() - 1);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        at.add(i);
        collect(n.get(i), at, out);
        at.remove(at.size() - 1);
      }
    }
  }

  /** The text of {@code tree} with the node at {@code path} replaced by raw JSON text {@code value}. */
  static String replace(JsonNode tree, List<Object> path, String value) {
    if (path.isEmpty()) {
      return value;
    }
    JsonNode copy = tree.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.put((String) last, MARK);
    } else {
      ((ArrayNode) parent).set((Integer) last, JSON.getNodeFactory().stringNode(MARK));
    }
    return JSON.writeValueAsString(copy).replace("\"" + MARK + "\"", value);
  }

  static String remove(JsonNode tree, List<Object> path) {
    JsonNode copy = tree.deepCopy();
    JsonNode parent = at(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.remove((String) last);
    } else {
      ((ArrayNode) parent).remove((Integer) last);
    }
    return JSON.writeValueAsString(copy);
  }

  /** The member at {@code path} given twice (the second time with a different value). */
  static String duplicate(JsonNode tree, List<Object> path) {
    String key = (String) path.get(path.size() - 1);
    JsonNode value = at(tree, path);
    String twice = JSON.writeValueAsString(value) + ",\"" + key + "\":" + (value.isString() ? "\"other\"" : "null");
    return replace(tree, path, twice);
  }

  private static JsonNode at(JsonNode n, List<Object> path) {
    for (Object p : path) {
      n = p instanceof String s ? n.get(s) : n.get((Integer) p);
    }
    return n;
  }
}
