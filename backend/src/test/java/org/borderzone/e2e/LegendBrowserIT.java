package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The legend is composed of the layers' own entries (each layers/*.js module draws its entry, main.js only
 * orders them): one section per layer shown, in a fixed order, appearing and disappearing with its layer.
 */
class LegendBrowserIT extends IntegrationTest {

  private JsonNode texts;

  private String text(String key) {
    if (texts == null) {
      texts = get("/api/i18n?lang=en").json();
    }
    return texts.path(key).asString();
  }

  @SuppressWarnings("unchecked")
  private static List<String> sections() {
    return (List<String>) Browser.js(
        "return Array.from(document.querySelectorAll('#legend .legend-section')).map(e => e.textContent)");
  }

  /** Ticks or unticks an overlay in the layer switcher, as a user does. */
  private void toggle(String layerKey) {
    Browser.js("""
        const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
          .find(l => l.textContent.trim() === arguments[0]);
        label.querySelector('input').click();""", text(layerKey));
  }

  @Test
  void oneEntryPerLayerShownInOrder() {
    WebDriver d = Browser.openMap(url(""), "admin", "/");
    // an admin may do everything: incidents are shown from the start, analysis layers and the patrol network not
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> sections().size() == 4);
    assertThat(sections()).containsExactly(text("legend.incidents"), text("legend.segments"), text("legend.pillars"),
        text("legend.reference"));
    // the reference entry gathers the always-present layers' items: disputed areas, rivers, places, sign-offs
    assertThat((List<String>) Browser.js("""
        const s = Array.from(document.querySelectorAll('#legend .legend-section')).pop();
        return Array.from(s.nextElementSibling.querySelectorAll('li')).map(li => li.textContent);"""))
        .containsExactly(text("legend.disputed"), text("legend.rivers"), text("legend.place"),
            text("legend.pendingSignoff"));
    // the segments entry lists every configured status (and counts them, see MapBrowserIT)
    assertThat(((Number) Browser.js("return document.querySelectorAll('#legend li[data-status]').length")).intValue())
        .isEqualTo(get("/api/config").json().path("statuses").size());

    // an analysis layer brings its entry, after the incidents'; removing the layer removes it
    toggle("layer.clusters");
    new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> sections().size() == 5);
    assertThat(sections().get(0)).isEqualTo(text("legend.incidents"));
    assertThat(sections().get(1)).isEqualTo(text("legend.clusters"));
    toggle("layer.clusters");
    toggle("layer.incidents");
    toggle("layer.hotSegments");
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> sections().size() == 3);
    assertThat(sections()).containsExactly(text("legend.segments"), text("legend.pillars"), text("legend.reference"));
  }

  @Test
  void aViewerSeesNoLayerItDoesNotHave() {
    WebDriver d = Browser.openMap(url(""), "kh-viewer", "/");
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> !sections().isEmpty());
    assertThat(sections()).containsExactly(text("legend.segments"), text("legend.pillars"), text("legend.reference"));
  }
}
