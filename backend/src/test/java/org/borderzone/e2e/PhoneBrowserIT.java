package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The phone built around reporting, in Chromium at 390 × 844 with a GPS position given through the DevTools
 * protocol ({@link PhoneView}): a patrol taps "Report here", sees the fix's accuracy, sends, and the incident is
 * stored at the device's coordinates with its accuracy and source (read from the database); a fix worse than
 * the limit is sent only after the confirmation dialog; every visible control of the phone layout is at least
 * 44 × 44 px; the header fits 360 px; a viewer has no Report button.
 */
class PhoneBrowserIT extends IntegrationTest {

  /** A point on the KH side near the border, away from the demo's clusters. */
  static final double LAT = 14.2231;
  static final double LON = 105.7417;

  /**
   * Every visible interactive element (links, buttons, inputs, selects, textareas, summaries, tabs and other
   * focusable elements) whose tap target is smaller than 44 × 44 px: for a control inside a label the label
   * is the target (a label beside its control is not counted: the control is the target). As "tag#id.class WxH" strings.
   */
  static final String SMALL_TARGETS = """
      // a label stands for its control when it wraps it, or when the control itself is visually hidden
      const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab],'
        + ' [tabindex]:not([tabindex="-1"]), label.photo-button';
      const out = [];
      for (const e of document.querySelectorAll(sel)) {
        const target = (e.matches('input, select, textarea') && e.closest('label')) || e;
        const r = target.getBoundingClientRect();
        const s = getComputedStyle(target);
        if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || s.display === 'none') continue;
        if (r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) continue;
        if (e.closest('.visually-hidden') || e.classList.contains('visually-hidden')) continue;
        // hidden behind an open sheet or dialog: not tappable, not counted
        const cx = Math.min(innerWidth - 1, Math.max(0, r.left + r.width / 2));
        const cy = Math.min(innerHeight - 1, Math.max(0, r.top + r.height / 2));
        const top = document.elementFromPoint(cx, cy);
        if (top && !target.contains(top) && !top.contains(target)) continue;
        if (r.width < 43.5 || r.height < 43.5) {
          out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string'
            ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' "' + (e.textContent || e.title || '').trim().slice(0, 30)
            + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
        }
      }
      return out;
      """;

  private static WebDriverWait waitUpTo(WebDriver d, int seconds) {
    return new WebDriverWait(d, Duration.ofSeconds(seconds));
  }

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  /** Scrolls the element to the middle of its sheet (clear of the sticky title and accuracy) and taps it. */
  private static void tap(WebDriver d, By by) {
    WebElement e = d.findElement(by);
    js("arguments[0].scrollIntoView({block: 'center'});", e);
    e.click();
  }

  private String origin() {
    return url("").replaceAll("/$", "");
  }

  @AfterEach
  void desktopAgain() {
    PhoneView.reset();
  }

  @AfterAll
  static void leaveTheBrowserAsFound() {
    PhoneView.reset();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPatrolReportsHereFromTheGpsAndTheIncidentIsStoredWhereThePhoneIs() {
    PhoneView.phone(390, 844);
    PhoneView.position(origin(), LAT, LON, 4);
    WebDriver d = Browser.openMap(url(""), "kh-patrol", "/");
    // the phone layout: the panel is closed, the header is one line, and every target is a finger's size
    assertThat(d.findElement(By.id("side-panel")).isDisplayed()).isFalse();
    assertThat((List<String>) js(SMALL_TARGETS)).as("targets under 44 x 44 px in the phone layout").isEmpty();
    WebElement header = d.findElement(By.cssSelector(".topbar"));
    assertThat(header.getSize().getHeight()).isLessThanOrEqualTo(60);
    assertThat(((Number) js("return document.querySelector('.topbar').scrollWidth - document.querySelector('.topbar').clientWidth;"))
        .intValue()).as("the header does not overflow").isLessThanOrEqualTo(0);

    String description = "phone-it-" + UUID.randomUUID();
    tap(d, By.id("report-here"));
    waitUpTo(d, 10).until(x -> "good".equals(x.findElement(By.id("report-accuracy")).getDomAttribute("data-band")));
    assertThat(d.findElement(By.id("report-accuracy")).getText()).contains("4 m");
    assertThat(d.findElement(By.id("report-here")).isDisplayed()).as("the button gives way to the sheet").isFalse();
    // the marker is in the part of the map the sheet leaves visible
    Map<String, Number> pin = (Map<String, Number>) js("""
        const p = document.querySelector('.report-pin').getBoundingClientRect();
        const s = document.getElementById('report-sheet').getBoundingClientRect();
        return {pinBottom: p.bottom, sheetTop: s.top, headerBottom: document.querySelector('.topbar').getBoundingClientRect().bottom};
        """);
    assertThat(pin.get("pinBottom").doubleValue()).isLessThan(pin.get("sheetTop").doubleValue())
        .isGreaterThan(pin.get("headerBottom").doubleValue());
    assertThat((List<String>) js(SMALL_TARGETS)).as("targets under 44 x 44 px with the report sheet open").isEmpty();
    tap(d, By.cssSelector("label[for='rh-type-5']")); // ILLEGAL_CROSSING, sixth in the list
    tap(d, By.cssSelector("label[for='rh-severity-3']")); // severity 4
    d.findElement(By.id("rh-description")).sendKeys(description);
    tap(d, By.id("report-here-submit"));
    waitUpTo(d, 15).until(x -> !x.findElement(By.id("report-sheet")).isDisplayed());

    var row = jdbc.sql("""
        select st_x(geom) lon, st_y(geom) lat, location_accuracy_m acc, location_source src, type, severity, owner_org,
               created_by, fix_time is not null and device_time is not null as times
        from incident where description = :d
        """).param("d", description).query().singleRow();
    assertThat(((Number) row.get("lon")).doubleValue()).isEqualTo(LON);
    assertThat(((Number) row.get("lat")).doubleValue()).isEqualTo(LAT);
    assertThat(((Number) row.get("acc")).doubleValue()).isEqualTo(4.0);
    assertThat(row.get("src")).isEqualTo("gps");
    assertThat(row.get("type")).isEqualTo("ILLEGAL_CROSSING");
    assertThat(((Number) row.get("severity")).intValue()).isEqualTo(4);
    assertThat(row.get("owner_org")).isEqualTo("KH");
    assertThat(row.get("created_by")).isEqualTo("kh-patrol");
    assertThat(row.get("times")).isEqualTo(true);
  }

  @Test
  void aPoorFixIsSentOnlyAfterTheConfirmationAndTheMarkerCanBeDragged() {
    PhoneView.phone(390, 844);
    PhoneView.position(origin(), LAT + 0.01, LON, 250);
    WebDriver d = Browser.openMap(url(""), "kh-patrol", "/");
    String description = "phone-it-poor-" + UUID.randomUUID();
    tap(d, By.id("report-here"));
    waitUpTo(d, 10).until(x -> "poor".equals(x.findElement(By.id("report-accuracy")).getDomAttribute("data-band")));
    tap(d, By.cssSelector("label[for='rh-type-10']")); // OTHER
    d.findElement(By.id("rh-description")).sendKeys(description);
    tap(d, By.id("report-here-submit"));
    waitUpTo(d, 5).until(x -> x.findElement(By.id("accuracy-confirm")).isDisplayed());
    assertThat(d.findElement(By.id("accuracy-confirm")).getText()).contains("250").contains("100");
    tap(d, By.id("accuracy-confirm-wait"));
    assertThat(d.findElement(By.id("report-sheet")).isDisplayed()).isTrue();
    assertThat(count(description)).isZero();
    tap(d, By.id("report-here-submit"));
    waitUpTo(d, 5).until(x -> x.findElement(By.id("accuracy-confirm")).isDisplayed());
    tap(d, By.id("accuracy-confirm-send"));
    waitUpTo(d, 15).until(x -> count(description) == 1);
    assertThat(jdbc.sql("select location_accuracy_m from incident where description = :d").param("d", description)
        .query(Double.class).single()).isEqualTo(250.0);

    // dragging the marker makes the point 'manual' (no accuracy sent)
    String dragged = "phone-it-drag-" + UUID.randomUUID();
    waitUpTo(d, 10).until(x -> x.findElement(By.id("report-here")).isDisplayed());
    tap(d, By.id("report-here"));
    waitUpTo(d, 10).until(x -> "poor".equals(x.findElement(By.id("report-accuracy")).getDomAttribute("data-band")));
    js("""
        const m = window.borderzone.map;
        let marker = null;
        m.eachLayer((l) => { if (l.options && l.options.draggable) marker = l; });
        marker.setLatLng([arguments[0], arguments[1]]);
        marker.fire('dragend');
        """, LAT - 0.005, LON + 0.005);
    assertThat(d.findElement(By.id("report-accuracy")).getDomAttribute("data-band")).isEqualTo("none");
    tap(d, By.cssSelector("label[for='rh-type-10']"));
    d.findElement(By.id("rh-description")).sendKeys(dragged);
    tap(d, By.id("report-here-submit"));
    waitUpTo(d, 15).until(x -> count(dragged) == 1);
    var row = jdbc.sql("select location_source, location_accuracy_m, st_y(geom) lat from incident where description = :d")
        .param("d", dragged).query().singleRow();
    assertThat(row.get("location_source")).isEqualTo("manual");
    assertThat(row.get("location_accuracy_m")).isNull();
    assertThat(((Number) row.get("lat")).doubleValue()).isEqualTo(LAT - 0.005, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHeaderFits360PxWithTheUserMenuAndTheSidePanelIsASheet() {
    PhoneView.phone(360, 740);
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    assertThat((List<String>) js(SMALL_TARGETS)).as("targets under 44 x 44 px at 360 px").isEmpty();
    WebElement header = d.findElement(By.cssSelector(".topbar"));
    assertThat(header.getSize().getHeight()).isLessThanOrEqualTo(60);
    Map<String, Number> box = (Map<String, Number>) js("""
        const b = (s) => document.querySelector(s).getBoundingClientRect();
        return {brandRight: b('.brand-name').right, menuLeft: b('#user-menu-button').left, toggleRight: b('#panel-toggle').right,
                overflow: document.querySelector('.topbar').scrollWidth - document.querySelector('.topbar').clientWidth};
        """);
    assertThat(box.get("brandRight").doubleValue()).as("the title ends before the user menu")
        .isLessThanOrEqualTo(box.get("menuLeft").doubleValue());
    assertThat(box.get("toggleRight").doubleValue()).isLessThanOrEqualTo(360);
    assertThat(box.get("overflow").intValue()).isLessThanOrEqualTo(0);
    // Sign out lives in the menu, on one line
    tap(d, By.id("user-menu-button"));
    WebElement logout = d.findElement(By.id("logout-button"));
    assertThat(logout.isDisplayed()).isTrue();
    assertThat(logout.getSize().getHeight()).isBetween(44, 50);
    assertThat((List<String>) js(SMALL_TARGETS)).as("targets under 44 x 44 px with the user menu open").isEmpty();
    tap(d, By.id("user-menu-button"));
    // the panel opens as a bottom sheet under the header, its tabs a finger's size
    tap(d, By.id("panel-toggle"));
    WebElement panel = d.findElement(By.id("side-panel"));
    assertThat(panel.isDisplayed()).isTrue();
    assertThat(panel.getRect().getY() + panel.getRect().getHeight()).isEqualTo(740);
    assertThat(panel.getRect().getWidth()).isEqualTo(360);
    tap(d, By.id("tab-incidents"));
    assertThat(d.findElement(By.id("report-here")).isDisplayed()).as("no floating button over the open sheet").isFalse();
    tap(d, By.id("panel-handle"));
    assertThat(panel.getDomAttribute("class")).contains("sheet-full");
  }

  @Test
  void aViewerSeesNoReportButton() {
    PhoneView.phone(390, 844);
    WebDriver d = Browser.openMap(url(""), "kh-viewer", "/");
    assertThat(d.findElements(By.id("report-here"))).isEmpty();
    assertThat(d.findElements(By.id("my-position"))).hasSize(1);
  }

  private long count(String description) {
    return jdbc.sql("select count(*) from incident where description = :d").param("d", description).query(Long.class)
        .single();
  }
}
