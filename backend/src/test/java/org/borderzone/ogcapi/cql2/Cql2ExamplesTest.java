package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CQL2 text example of the standard (OGC 21-065r2, test resource cql2/examples.txt) by conformance
 * class: the examples of the classes this server implements parse and translate to bound SQL, except the few
 * listed here with the reason the server refuses them; the examples of the classes it does not implement
 * (arithmetic, arrays, functions, ACCENTI) are refused with a Cql2Exception, never anything else.
 */
class Cql2ExamplesTest {

  /** The examples' properties, typed as the examples use them. */
  static final Map<String, Queryable> EXAMPLES = Cql2TestSupport.registry(
      "city cityName name owner material road_class beamMode swathDirection polarization eo:instrument "
          + "landsat:scene_id geophys:SURVEY_NAME id etat_vol", QueryableType.STRING,
      "windSpeed balance depth floors taxes eo:cloud_cover landsat:wrs_row landsat:wrs_path value category "
          + "vehicle_height bridge_clearance foo bar x", QueryableType.NUMBER,
      "swimming_pool", QueryableType.BOOLEAN,
      "updated updated_at event_time touchdown liftOff starts_at ends_at", QueryableType.TIMESTAMP,
      "built", QueryableType.DATE,
      "geometry footprint location road", QueryableType.GEOMETRY);

  /**
   * Examples of implemented classes that this server refuses on purpose, with the message code: the
   * examples mix types (a number property compared with strings) or carry invalid geometries.
   */
  static final Map<String, String> REFUSED = Map.of(
      "example03", "error.cql2-type-mismatch", // landsat:wrs_path compared with strings here, numbers in example04
      "example40", "error.cql2-type-mismatch", // "value" IN strings, elsewhere a number
      "example40-alt01", "error.cql2-type-mismatch",
      "example46", "error.cql2-invalid-geometry", // self-intersecting polygon
      "example46-alt01", "error.cql2-invalid-geometry",
      "example49", "error.cql2-invalid-geometry", // hole outside its shell
      "example49-alt01", "error.cql2-invalid-geometry");

  record Example(String name, String conformanceClass, String text) {}

  static List<Example> examples() throws IOException {
    try (InputStream in = Cql2ExamplesTest.class.getResourceAsStream("/cql2/examples.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("\\|", 3))
          .map(a -> new Example(a[0], a[1], a[2]))
          .toList();
    }
  }

  static Stream<Arguments> supported() throws IOException {
    return examples().stream().filter(e -> !e.conformanceClass().equals("unsupported"))
        .map(e -> Arguments.of(e.name(), e.conformanceClass(), e.text()));
  }

  static Stream<Arguments> unsupported() throws IOException {
    return examples().stream().filter(e -> e.conformanceClass().equals("unsupported"))
        .map(e -> Arguments.of(e.name(), e.text()));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("supported")
  void examplesOfTheImplementedClassesTranslate(String name, String conformanceClass, String text) {
    if (REFUSED.containsKey(name)) {
      Cql2Exception e = catchThrowableOfType(Cql2Exception.class, () -> Cql2.parse(text, EXAMPLES, 4326));
      assertThat(e).as(name).isNotNull();
      assertThat(e.code()).as(name).isEqualTo(REFUSED.get(name));
      return;
    }
    SqlFilter f = Cql2.parse(text, EXAMPLES, 4326);
    Cql2TestSupport.assertNoRequestText(text, f, EXAMPLES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void examplesOfOtherClassesAreRefusedCleanly(String name, String text) {
    Cql2Exception e = catchThrowableOfType(Cql2Exception.class, () -> Cql2.parse(text, EXAMPLES, 4326));
    assertThat(e).as(name).isNotNull();
    assertThat(e.code()).as(name).isIn("error.cql2-unknown-function", "error.cql2-unsupported",
        "error.cql2-expected-operator", "error.cql2-expected-end");
  }
}
