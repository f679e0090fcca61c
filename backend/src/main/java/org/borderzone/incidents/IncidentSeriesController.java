package org.borderzone.incidents;

import org.borderzone.system.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/incidents/monthly}: incidents per month and type that the caller may see (the Incidents
 * panel's chart, docs/CHARTS.md). {@code from}, {@code to}: months ({@code YYYY-MM}) or days, both inclusive,
 * at most {@value IncidentSeries#MAX_MONTHS} months (422 {@code from}); {@code type}, {@code status}: lists.
 */
@RestController
class IncidentSeriesController {

  private final IncidentSeries series;
  private final CurrentActor actor;

  IncidentSeriesController(IncidentSeries series, CurrentActor actor) {
    this.series = series;
    this.actor = actor;
  }

  @GetMapping(path = "/api/incidents/monthly", produces = "application/json")
  IncidentSeries.Monthly monthly(@RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
      @RequestParam(required = false) String status) {
    return series.monthly(series.parse(from, to, type, status), actor.get());
  }
}
