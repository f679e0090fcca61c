package org.borderzone.patrol;

import jakarta.servlet.http.HttpServletRequest;
import org.borderzone.i18n.Languages;
import org.borderzone.i18n.Texts;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/routes}: a route as GeoJSON, or GPX 1.1 with {@code Accept: application/gpx+xml} (its names
 * and descriptions in the caller's language, docs/I18N.md). The GeoJSON
 * answer carries its {@code request} (window explicit): saving it as a plan plans it again from that.
 */
@RestController
class RouteController {

  private final RouteService service;
  private final PatrolProperties props;
  private final CurrentActor actor;
  private final JsonMapper json;
  private final MessageSource messages;

  RouteController(RouteService service, PatrolProperties props, CurrentActor actor, JsonMapper json,
      MessageSource messages) {
    this.messages = messages;
    this.service = service;
    this.props = props;
    this.actor = actor;
    this.json = json;
  }

  @PostMapping(path = "/api/routes", consumes = "application/json", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String route(@RequestBody RouteRequest.Body body) {
    RouteRequest req = service.resolved(RouteRequest.parse(body, props.maxStops()));
    RoutePlan plan = service.plan(req, actor.get());
    return json.writeValueAsString(RouteOutput.geoJson(plan, json)
        .set("request", RouteOutput.request(json.valueToTree(body), req, json)));
  }

  @PostMapping(path = "/api/routes", consumes = "application/json", produces = RouteOutput.GPX_MEDIA)
  String gpx(@RequestBody RouteRequest.Body body, HttpServletRequest request) {
    return RouteOutput.gpx(service.plan(RouteRequest.parse(body, props.maxStops()), actor.get()),
        new Texts(messages, Languages.locale(request)));
  }
}
