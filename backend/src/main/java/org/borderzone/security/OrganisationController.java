package org.borderzone.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.borderzone.i18n.Languages;
import org.borderzone.security.OrganisationAdminService.NewOrganisation;
import org.borderzone.security.OrganisationAdminService.OrganisationChange;
import org.borderzone.security.OrganisationAdminService.OrganisationView;
import org.borderzone.system.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organisations (docs/EXCHANGE.md "Organisations"): {@code GET /api/organisations} for every signed-in user (what
 * the UI lists: filters, the admin page's select, the owner in popups), names in the reader's language;
 * {@code POST /api/admin/organisations} and {@code PUT /api/admin/organisations/{code}} for the joint body's
 * administrator ({@code system.Ownership#requireJointBodyAdmin}; a country's ADMIN gets 403).
 */
@RestController
class OrganisationController {

  private final OrganisationAdminService service;
  private final CurrentActor actor;

  OrganisationController(OrganisationAdminService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  @GetMapping(path = "/api/organisations", produces = "application/json")
  List<OrganisationView> list(HttpServletRequest request) {
    return service.list(Languages.resolve(request));
  }

  @PostMapping(path = "/api/admin/organisations", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  OrganisationView create(@RequestBody NewOrganisation body, HttpServletRequest request) {
    return service.create(body, actor.get(), Languages.resolve(request));
  }

  @PutMapping(path = "/api/admin/organisations/{code}", consumes = "application/json", produces = "application/json")
  OrganisationView update(@PathVariable String code, @RequestBody OrganisationChange body,
      HttpServletRequest request) {
    return service.update(code, body, actor.get(), Languages.resolve(request));
  }
}
