package org.borderzone.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.borderzone.system.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which fields each {@link RouteMode} needs, checked when the request is read (fast tier, no graph, no database). */
class RouteModeTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static RouteRequest parse(String body) {
    return RouteRequest.parse(org.borderzone.system.JsonBody.read(body, RouteRequest.Body.class), 50);
  }

  private static String missingField(String body) {
    try {
      parse(body);
    } catch (ApiException e) {
      assertThat(e.status().value()).isEqualTo(400);
      return e.errors().get(0).field();
    }
    throw new AssertionError("accepted: " + body);
  }

  @Test
  void theModesByName() {
    assertThat(RouteMode.names()).isEqualTo("point-to-point, loop, auto, teams");
    assertThat(RouteMode.of("loop")).isInstanceOf(RouteMode.Loop.class);
    assertThat(RouteMode.of("teams")).isInstanceOf(RouteMode.Teams.class);
    assertThat(RouteMode.of("fly")).isNull();
    assertThat(RouteRequest.MODES).containsExactlyInAnyOrder("point-to-point", "loop", "auto", "teams");
    assertThatThrownBy(() -> parse("{\"mode\":\"fly\"}")).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).errors().get(0).field()).isEqualTo("mode"));
  }

  @Test
  void eachModeNamesTheFieldItLacks() {
    assertThat(missingField("{\"mode\":\"point-to-point\",\"end\":[106,14]}")).isEqualTo("start");
    assertThat(missingField("{\"mode\":\"point-to-point\",\"baseId\":1}")).isEqualTo("end");
    assertThat(missingField("{\"mode\":\"loop\",\"stops\":[[106,14]]}")).isEqualTo("baseId");
    assertThat(missingField("{\"mode\":\"loop\",\"baseId\":1}")).isEqualTo("stops");
    assertThat(missingField("{\"mode\":\"auto\",\"budgetKm\":10}")).isEqualTo("baseId");
    assertThat(missingField("{\"mode\":\"auto\",\"start\":[106,14]}")).isEqualTo("budgetKm");
    assertThat(missingField("{\"mode\":\"teams\",\"start\":[106,14],\"budgetKm\":10}")).isEqualTo("baseId");
    assertThat(missingField("{\"mode\":\"teams\",\"baseIds\":[1,2]}")).isEqualTo("budgetKm");
  }

  @Test
  void completeRequestsAreRead() {
    assertThat(parse("{\"mode\":\"point-to-point\",\"start\":[106,14],\"end\":[106.1,14]}").mode())
        .isEqualTo("point-to-point");
    assertThat(parse("{\"mode\":\"loop\",\"baseId\":1,\"stops\":[[106,14]]}").stops()).hasSize(1);
    assertThat(parse("{\"mode\":\"auto\",\"baseId\":1,\"budgetKm\":10}").budgetKm()).isEqualTo(10.0);
    assertThat(parse("{\"mode\":\"teams\",\"baseIds\":[1,2],\"budgetKm\":10,\"teams\":3}").teams()).isEqualTo(3);
  }
}
