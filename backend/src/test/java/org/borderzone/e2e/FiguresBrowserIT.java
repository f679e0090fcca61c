package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Exchange → Figures (js/exchange/figures.js) in headless Chromium over the demo exchange: the tiles show what
 * GET /api/exchange/figures returns for the same reader and window (the LA side's median time to acknowledge in
 * data-figure="ack-median-LA"), the chart has a bar per precedence and month with the API's counts, the CSV link
 * carries the window; on a 390×844 phone in Khmer nothing scrolls sideways. Screenshots go to
 * target/screenshots/figures-*.png.
 */
class FiguresBrowserIT extends IntegrationTest {

  private static final String WINDOW = "from=2025-12&to=2026-11";

  @AfterAll
  static void leaveTheBrowserAsFound() {
    PhoneView.reset();
    Browser.js("localStorage.removeItem('bz_lang'); document.cookie = 'bz_lang=; path=/; max-age=0';");
    Browser.parkIfStarted();
  }

  private static long count(String css) {
    return ((Number) Browser.js("return document.querySelectorAll(arguments[0]).length", css)).longValue();
  }

  /** Opens the Figures sub-tab and shows the demo year. */
  private static void openFigures(WebDriver d) {
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(40));
    Browser.js("""
        const toggle = document.getElementById('panel-toggle');
        if (toggle && toggle.getAttribute('aria-expanded') === 'false') toggle.click();
        document.getElementById('tab-exchange').click();
        document.getElementById('xc-tab-figures').click();""");
    wait.until(x -> "ready".equals(Browser.js("return document.getElementById('xc-figures').dataset.state")));
    Browser.js("""
        const s = document.getElementById('xc-fig-window');
        s.value = 'range'; s.dispatchEvent(new Event('change'));
        document.getElementById('xc-fig-from').value = '2025-12';
        document.getElementById('xc-fig-to').value = '2026-11';
        document.querySelector('#xc-figures .xc-fig-show').click();""");
    wait.until(x -> "ready".equals(Browser.js("return document.getElementById('xc-figures').dataset.state"))
        && (long) count("#xc-figures g.chart-month") == 12);
  }

  private static void shot(WebDriver d, String name) {
    Browser.screenshot(d, "figures-" + name);
  }


  @Test
  void theFiguresTabShowsWhatTheApiReturns() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/?lang=en");
    openFigures(d);
    JsonNode a = as("kh-planner").get("/api/exchange/figures?" + WINDOW).json();
    JsonNode la = null;
    for (JsonNode t : a.path("acknowledge")) {
      if (t.path("org").asString().equals("LA") && !t.has("precedence")) {
        la = t;
      }
    }
    assertThat(la).isNotNull();
    String seconds = (String) Browser.js(
        "return document.querySelector('[data-figure=\"ack-median-LA\"]').dataset.seconds");
    assertThat(Double.parseDouble(seconds)).isEqualTo(la.path("medianSeconds").asDouble());
    String shown = d.findElement(By.cssSelector("[data-figure='ack-median-LA']")).getText();
    assertThat(shown).matches("\\d+ (s|min|h|h \\d\\d min|d|d \\d\\d h)");
    long total = a.path("messages").path("sentTotal").asLong() + a.path("messages").path("receivedTotal").asLong();
    long drawn = ((Number) Browser.js("""
        return Array.from(document.querySelectorAll('#xc-figures rect.chart-bar'))
          .reduce((s, r) => s + Number(r.dataset.count), 0)""")).longValue();
    assertThat(drawn).isEqualTo(total);
    assertThat(d.findElement(By.cssSelector("#xc-figures [data-figure='messages-total']")).getText())
        .isEqualTo(String.format("%,d", total));
    assertThat((String) Browser.js("return document.querySelector('#xc-figures svg[role=img]').getAttribute('aria-label')"))
        .contains("Dec 2025").contains("Nov 2026");
    assertThat(d.findElement(By.id("xc-fig-csv")).getDomAttribute("href"))
        .isEqualTo("/api/exchange/figures.csv?from=2025-12&to=2026-11");
    // the table alternative: one row per month
    d.findElement(By.cssSelector("#xc-figures .chart-toggle")).click();
    assertThat(count("#xc-figures .chart-table-box:not([hidden]) tbody tr")).isEqualTo(12);
    d.findElement(By.cssSelector("#xc-figures .chart-toggle")).click();
    shot(d, "desktop-en");
    Browser.js("document.getElementById('xc-fig-messages').scrollIntoView()");
    shot(d, "desktop-en-chart");
    Browser.openMap(url(""), "kh-planner", "/?lang=km");
    openFigures(d);
    assertThat(d.findElement(By.cssSelector("[data-figure='ack-median-LA']")).getText()).matches(".*(នាទី|ម៉ោង|ថ្ងៃ|វិនាទី).*");
    shot(d, "desktop-km");
  }

  @Test
  void onAPhoneNothingScrollsSideways() {
    PhoneView.phone(390, 844);
    try {
      for (String lang : new String[] {"en", "km", "lo"}) {
        WebDriver d = Browser.openMap(url(""), "la-planner", "/?lang=" + lang);
        openFigures(d);
        long overflow = ((Number) Browser.js("""
            const p = document.getElementById('xc-figures');
            return Math.max(document.documentElement.scrollWidth - window.innerWidth, p.scrollWidth - p.clientWidth)""")).longValue();
        assertThat(overflow).as("horizontal overflow in %s", lang).isLessThanOrEqualTo(0);
        // every target of the section is a finger's size, wherever it is scrolled to
        String small = PhoneBrowserIT.SMALL_TARGETS.replace("document.querySelectorAll(sel)",
            "document.getElementById('xc-figures').querySelectorAll(sel)");
        Browser.js("document.querySelector('#xc-figures details').open = true");
        for (String part : new String[] {".xc-fig-form", ".xc-fig-tiles", ".chart-figure", ".xc-fig-details"}) {
          Browser.js("document.querySelector('#xc-figures " + part + "').scrollIntoView()");
          assertThat((java.util.List<?>) Browser.js(small)).as("targets under 44 px in %s near %s", lang, part).isEmpty();
        }
        Browser.js("document.getElementById('xc-figures').scrollIntoView()");
        shot(d, "phone-" + lang);
      }
    } finally {
      PhoneView.reset();
    }
  }
}
