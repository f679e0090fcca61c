package org.borderzone.system;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/organisations} (any signed-in user): the parties, code, name and kind, as {@link Organisations}
 * holds them (countries first). Minimal: the release dialogue of the map needs the list of parties (issue 12).
 */
@RestController
class OrganisationController {

  /** One organisation as the API shows it. */
  record Item(String code, String name, String kind) {}

  private final Organisations organisations;

  OrganisationController(Organisations organisations) {
    this.organisations = organisations;
  }

  @GetMapping(path = "/api/organisations", produces = "application/json")
  List<Item> all() {
    return organisations.all().stream().map(e -> new Item(e.org().code(), e.name(), e.kind().name())).toList();
  }
}
