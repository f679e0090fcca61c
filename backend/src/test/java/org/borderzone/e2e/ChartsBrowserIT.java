package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The three charts (docs/CHARTS.md) in headless Chromium, each against the API answer the same reader gets:
 * as many month columns and bar segments as /api/incidents/monthly has months and non-zero counts, as many
 * sector panels and points as /api/progress/timeline?by=sector has sectors and months, and a click on an
 * emerging hexagon opens its trend with one bar per month of /api/hotspots/cell. One page load for all three.
 */
class ChartsBrowserIT extends IntegrationTest {

  private static long count(String css) {
    return ((Number) Browser.js("return document.querySelectorAll(arguments[0]).length", css)).longValue();
  }

  @Test
  void eachChartDrawsWhatTheApiReturnsAndAHexagonClickShowsItsTrend() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(30));

    // --- progress per sector (the Progress panel is open first)
    wait.until(x -> count("#sector-progress-card .chart-multiple") > 0);
    JsonNode timeline = as("kh-planner").get("/api/progress/timeline?by=sector").json();
    int sectors = timeline.path("sectors").size();
    int months = timeline.path("months").size();
    assertThat(count("#sector-progress-card .chart-multiple")).isEqualTo(sectors);
    assertThat(count("#sector-progress-card circle.chart-point")).isEqualTo((long) sectors * months);
    assertThat(count("#sector-progress-card .chart-multiple line.chart-target")).isEqualTo(sectors);
    assertThat(count("#sector-progress-card svg[role=img][aria-label]")).isEqualTo(sectors);
    // the last point of the first sector is that sector's last figure
    double last = timeline.path("months").get(months - 1).path("sectors").get(0).path("percentDemarcated").asDouble();
    assertThat(Double.parseDouble((String) Browser.js(
        "return document.querySelector('#sector-progress-card .chart-multiple circle.chart-point:last-of-type').dataset.percent")))
        .isEqualTo(last);

    // --- incidents per month in the Incidents panel, for the filter's window
    d.findElement(By.id("tab-incidents")).click();
    wait.until(x -> "ready".equals(Browser.js("return document.getElementById('monthly-card')?.dataset.state")));
    @SuppressWarnings("unchecked")
    Map<String, Object> f = (Map<String, Object>) Browser.js("return window.borderzone.filter.hotspotParams()");
    JsonNode monthly = as("kh-planner").get("/api/incidents/monthly?from=" + f.get("from") + "&to=" + f.get("to")).json();
    long nonZero = 0;
    for (JsonNode s : monthly.path("series")) {
      for (JsonNode n : s.path("counts")) {
        nonZero += n.asLong() > 0 ? 1 : 0;
      }
    }
    assertThat(nonZero).isGreaterThan(20);
    assertThat(count("#monthly-card g.chart-month")).isEqualTo(monthly.path("months").size());
    assertThat(count("#monthly-card rect.chart-bar")).isEqualTo(nonZero);
    long drawnTotal = ((Number) Browser.js("""
        return Array.from(document.querySelectorAll('#monthly-card rect.chart-bar'))
          .reduce((s, r) => s + Number(r.dataset.count), 0)""")).longValue();
    assertThat(drawnTotal).isEqualTo(monthly.path("total").asLong());
    // the table alternative: one row per month, shown by the toggle (a button, reachable by keyboard)
    WebElement toggle = d.findElement(By.cssSelector("#monthly-card .chart-toggle"));
    assertThat(d.findElement(By.cssSelector("#monthly-card .chart-table-box")).isDisplayed()).isFalse();
    toggle.click();
    assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("true");
    assertThat(d.findElement(By.cssSelector("#monthly-card .chart-table-box")).isDisplayed()).isTrue();
    assertThat(count("#monthly-card .chart-table tbody tr")).isEqualTo(monthly.path("months").size());
    toggle.click();

    // --- a hot cell's trend: tick the emerging layer, click one of its hexagons
    JsonNode texts = get("/api/i18n?lang=en").json();
    for (String layer : new String[] {"layer.emerging", "layer.incidents", "layer.hotSegments"}) {
      Browser.js("""
          const label = Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
            .find(l => l.textContent.trim() === arguments[0]);
          const input = label.querySelector('input');
          if (input.checked !== arguments[1]) input.click();""", texts.path(layer).asString(),
          layer.equals("layer.emerging"));
    }
    wait.until(x -> count("path.bz-emerging") > 0);
    // a hexagon whose centre is not under a control: the click lands on it as a user's would
    WebElement hex = (WebElement) Browser.js("""
        return Array.from(document.querySelectorAll('path.bz-emerging')).find(p => {
          const r = p.getBoundingClientRect();
          return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === p;
        })""");
    assertThat(hex).as("a clickable emerging hexagon").isNotNull();
    new Actions(d).moveToElement(hex).click().perform();
    wait.until(x -> "ready".equals(Browser.js("return window.borderzone.map.getContainer().dataset.cellTrend")));
    String cell = (String) Browser.js("return document.querySelector('.cell-trend').dataset.cell");
    JsonNode c = as("kh-planner").get("/api/hotspots/cell?cell=" + cell + "&cellKm=2&from=" + f.get("from") + "&to="
        + f.get("to")).json();
    assertThat(count(".bz-cell-trend rect.chart-bar")).isEqualTo(c.path("slices").size());
    assertThat((String) Browser.js("return document.querySelector('.bz-cell-trend .bz-popup-title').textContent"))
        .isEqualTo(texts.path("emerging." + c.path("category").asString()).asString());
    System.out.printf("[charts] %d sectors x %d months, %d months x %d bars, cell %s: %s, %d bars%n", sectors,
        months, monthly.path("months").size(), nonZero, cell, c.path("category").asString(), c.path("slices").size());
  }
}
