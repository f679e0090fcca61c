package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The strict reading rules of {@link JsonBody}, on a record shaped like our request bodies. */
class JsonBodyTest {

  enum Colour { RED, GREEN }

  record Stop(Double lon, Double lat) {}

  record Route(String name, List<Stop> stops, Integer teams) {}

  record Body(String status, Integer version, Long big, Boolean joint, Colour colour, Route route, JsonNode geometry,
      List<Integer> ids) {}

  private static ApiException refuse(String json) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> JsonBody.read(json, Body.class));
    assertThat(e).as(json).isNotNull();
    assertThat(e.status().value()).isEqualTo(400);
    return e;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      int over 2^31              | {"version":2147483648}                    | version            | error.integer-range
      int under -2^31            | {"version":-2147483649}                   | version            | error.integer-range
      long over 2^63             | {"big":9223372036854775808}               | big                | error.integer-range
      fraction for an int        | {"version":0.5}                           | version            | error.not-integer
      1.0 for an int             | {"version":1.0}                           | version            | error.not-integer
      exponent for an int        | {"version":1e3}                           | version            | error.not-integer
      numeric string for an int  | {"version":"5"}                           | version            | error.wrong-type
      object for a string        | {"status":{}}                             | status             | error.wrong-type
      array for a string         | {"status":["DONE"]}                       | status             | error.wrong-type
      number for a string        | {"status":5}                              | status             | error.wrong-type
      string for a boolean       | {"joint":"true"}                          | joint              | error.wrong-type
      number for a boolean       | {"joint":1}                               | joint              | error.wrong-type
      array as the body          | ["DONE"]                                  | body               | error.wrong-type
      unknown enum value         | {"colour":"blue"}                         | colour             | error.unknown-value
      nested path                | {"route":{"stops":[{},{},{"lon":"x"}]}}   | route.stops[2].lon | error.wrong-type
      nested int                 | {"route":{"teams":1e40}}                  | route.teams        | error.not-integer
      list element               | {"ids":[1,2.5]}                           | ids[1]             | error.not-integer
      NaN string for a double    | {"route":{"stops":[{"lon":"NaN"}]}}       | route.stops[0].lon | error.wrong-type
      overflowing double         | {"route":{"stops":[{"lat":1e400}]}}       | route.stops[0].lat | error.not-finite
      duplicate key              | {"status":"A","status":"B"}               | status             | error.duplicate-key
      deep duplicate key         | {"geometry":{"a":{"b":1,"b":2}}}          | geometry.a.b       | error.duplicate-key
      second document            | {"status":"A"} {"status":"B"}             | body               | error.trailing-data
      trailing array             | {"status":"A"}[]                          | body               | error.trailing-data
      trailing garbage           | {"status":"A"} x                          | body               | error.malformed-json-at
      NaN token                  | {"route":{"stops":[{"lon":NaN}]}}         | body               | error.malformed-json-at
      unterminated               | {"status":                                | body               | error.malformed-json-at
      empty body                 | ''                                        | body               | error.body-missing
      """)
  void refusesNamingThePath(String name, String json, String field, String code) {
    ApiException e = refuse(json);
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0).field()).as(name).isEqualTo(field);
    assertThat(e.errors().get(0).code()).as(name).isEqualTo(code);
  }

  @Test
  void syntaxErrorsSayLineAndColumn() {
    ApiException e = refuse("{\n  \"status\": \"A\",\n  \"status\": \"B\"\n}");
    assertThat(e.errors().get(0).args()).containsExactly("status", "3", "11");
    ApiException t = refuse("{\"status\":\"A\"}\n{}");
    assertThat(t.errors().get(0).args()).containsExactly("2", "1");
  }

  @Test
  void validBodiesReadAsTyped() {
    Body b = JsonBody.read("""
        {"status":"DONE","version":2147483647,"big":-9223372036854775808,"joint":false,"colour":"green",
         "route":{"name":"r","stops":[{"lon":106.5,"lat":14}],"teams":-0},"geometry":{"type":"Point"},
         "ids":[],"unknown":{"ignored":[1,2]}}
        """, Body.class);
    assertThat(b.version()).isEqualTo(Integer.MAX_VALUE);
    assertThat(b.big()).isEqualTo(Long.MIN_VALUE);
    assertThat(b.colour()).isEqualTo(Colour.GREEN);
    assertThat(b.route().stops().get(0).lat()).isEqualTo(14.0);
    assertThat(b.route().teams()).isZero();
    assertThat(b.geometry().get("type").asString()).isEqualTo("Point");
    assertThat(JsonBody.read("{\"status\":null}", Body.class).status()).isNull();
  }

  @Test
  void convertNamesThePathBelowThePrefix() {
    JsonNode tree = JsonBody.MAPPER.readTree("{\"teams\":3000000000}");
    ApiException e = catchThrowableOfType(ApiException.class, () -> JsonBody.convert(tree, Route.class, "route"));
    assertThat(e.errors().get(0).field()).isEqualTo("route.teams");
    assertThat(e.errors().get(0).code()).isEqualTo("error.integer-range");
  }
}
