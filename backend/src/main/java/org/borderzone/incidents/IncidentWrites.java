package org.borderzone.incidents;

import java.util.UUID;
import org.borderzone.system.Actor;
import org.borderzone.system.JsonBody;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The incident writes as other features (the OGC API, {@code ogcapi}) call them: the same {@link IncidentService}
 * methods as {@code POST /api/incidents} and {@code POST /api/incidents/{id}/status}, so validation
 * ({@link IncidentRules}), ownership, releasability and audit are exactly theirs. There is no second write path.
 */
@Component
public class IncidentWrites {

  private final IncidentService service;

  IncidentWrites(IncidentService service) {
    this.service = service;
  }

  /** Creates an incident from a GeoJSON Feature (EPSG:4326 [lon, lat]); returns its public id. */
  public UUID create(JsonNode feature, Actor actor) {
    IncidentRules.IncidentFeature f = JsonBody.convert(feature, IncidentRules.IncidentFeature.class, "");
    return service.create(f, actor).id();
  }

  /** Replaces an incident ({@link IncidentService#replace}: the status only; the facts stay). */
  public void replace(UUID id, JsonNode feature, Actor actor) {
    service.replace(id, feature, actor);
  }
}
