package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI at /api/docs renders the document in headless Chromium under the server's Content-Security-Policy:
 * the operations appear (one block per operation of /api/openapi.json), with the import among them.
 */
class SwaggerUiBrowserIT extends IntegrationTest {

  @Test
  void swaggerUiRendersTheOperations() {
    int operations = 0;
    var paths = anonymous().get("/api/openapi.json").json().path("paths");
    for (var p : paths) {
      operations += p.size();
    }
    WebDriver d = Browser.driver();
    d.get(url("/api/docs"));
    new WebDriverWait(d, Duration.ofSeconds(40))
        .until(x -> !x.findElements(By.cssSelector(".opblock")).isEmpty());
    assertThat(d.getCurrentUrl()).contains("/api/docs/swagger-ui/index.html");
    assertThat(d.findElements(By.cssSelector(".opblock"))).hasSize(operations);
    assertThat(d.findElements(By.cssSelector(".opblock-summary-path")).stream().map(e -> e.getAttribute("data-path")))
        .contains("/api/incidents/import", "/api/network/import");
    assertThat(d.findElement(By.cssSelector(".info .title")).getText()).contains("Borderzone API");
  }
}
