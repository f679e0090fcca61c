package org.borderzone.apidocs;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/docs}, the address the README gives, opens Swagger UI (whose files springdoc serves below it). */
@RestController
@Hidden
class DocsController {

  static final String UI = "/api/docs/swagger-ui/index.html";

  @GetMapping({"/api/docs", "/api/docs/"})
  ResponseEntity<Void> docs() {
    return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, UI).build();
  }
}
