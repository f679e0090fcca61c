package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Accessibility of the main views in the shared Chromium (issue 11): axe-core finds no critical or serious
 * violation in any of them, on the desktop and on a phone, for the roles that see them; the keyboard reaches
 * the side panel's selected tab with one Tab and Enter on the skip link (the first stop), and by plain Tab presses
 * in at most {@link #MAX_TABS}; every
 * Tab stop on the way shows a focus ring of at least 2 px with 3:1 contrast; no map feature is a Tab stop.
 */
class AccessibilityBrowserIT extends IntegrationTest {

  /** The impacts that fail the build; moderate and minor ones are printed. */
  private static final Set<String> FAILING = Set.of("critical", "serious");
  /**
   * The plain Tab stops from the top of the page to the first panel tab, at most (every user has 17, a reporter
   * 18): 1 the skip link, 2 the admin link (admin) or the API tokens link (the others), 3 sign out, 4 the language
   * switch, 5 the outbox badge (only for those who report: it opens the list of waiting reports), 6 the panel
   * toggle, 7 the map (its keyboard panning), 8–9 zoom in and out, 10 the home view, 11 my position (Report
   * here), 12 export, 13 the layer list, 14 the legend's summary, 15–17 the attribution's three links (the base
   * map's sources, which stay links), 18 the first panel tab. The live indicator is a status text, no stop. The
   * skip link, the first stop, takes the keyboard to the panel in one Tab and Enter.
   */
  private static final int MAX_TABS = 18;

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  private static void until(WebDriver d, String script) {
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> Boolean.TRUE.equals(Browser.js(script)));
  }

  /** The panel is a closed sheet on the phone: opened as the user does, with its toggle. */
  private static void openPanel() {
    js("const b = document.getElementById('panel-toggle'); if (b.getAttribute('aria-expanded') !== 'true') b.click();");
  }

  private static void tab(String id) {
    js("document.getElementById(arguments[0]).click();", id);
  }

  /** A main view: who sees it and how it is opened (each from a fresh page load). */
  private record View(String name, String user, Runnable open) {}

  private List<View> views(WebDriver d) {
    return List.of(
        new View("login", null, () -> {
          d.get(url("/login"));
          until(d, "return !!document.querySelector('form [name=username]');");
        }),
        new View("map", "kh-planner", () -> {
          Browser.openMap(url(""), "kh-planner", "/");
          openPanel();
        }),
        new View("segment detail", "kh-planner", () -> {
          Browser.openMap(url(""), "kh-planner", "/#segment=KH-LA-100");
          openPanel();
          until(d, "return !!document.getElementById('segment-code');");
        }),
        new View("incidents + report form", "kh-planner", () -> {
          Browser.openMap(url(""), "kh-planner", "/");
          openPanel();
          tab("tab-incidents");
          until(d, "return !!document.getElementById('report-start');");
          js("document.getElementById('report-start').click();");
          js("window.borderzone.map.fire('click', {latlng: L.latLng(14.1503, 105.6012)});");
          until(d, "return !!document.getElementById('report-form');");
        }),
        new View("patrols", "kh-planner", () -> {
          Browser.openMap(url(""), "kh-planner", "/");
          openPanel();
          tab("tab-patrol");
          until(d, "return !document.querySelector('#panel-patrol .loading');");
        }),
        new View("Gi*, layers, legend, export open", "kh-planner", () -> {
          Browser.openMap(url(""), "kh-planner", "/");
          js("const b = window.borderzone; b.map.addLayer(b.analysis.hex.layer);");
          js("document.querySelector('.leaflet-control-layers').classList.add('leaflet-control-layers-expanded');"
              + "document.querySelectorAll('#map details').forEach((x) => { x.open = true; });"
              + "document.getElementById('export-button').click();");
          js("return new Promise((r) => setTimeout(r, 1500));"); // the Gi* tiles and the legend's counts
        }),
        new View("inspection form", "kh-commission", () -> {
          Browser.openMap(url(""), "kh-commission", "/#segment=KH-LA-100&tab=inspection");
          openPanel();
          until(d, "return !!document.getElementById('inspection-form');");
        }),
        new View("map at zoom 13", "kh-patrol", () -> {
          Browser.openMap(url(""), "kh-patrol", "/");
          js("window.borderzone.map.setView([14.1503, 105.6012], 13, {animate: false});");
          until(d, "return document.querySelectorAll('.bz-pillar').length > 0;");
        }),
        new View("map", "la-viewer", () -> {
          Browser.openMap(url(""), "la-viewer", "/");
          openPanel();
        }),
        new View("tokens page", "la-viewer", () -> {
          Browser.openMap(url(""), "la-viewer", "/");
          d.get(url("/admin.html#tokens"));
          until(d, "return !document.getElementById('tokens').classList.contains('hidden');");
        }),
        new View("users and tokens", "admin", () -> {
          Browser.openMap(url(""), "admin", "/");
          d.get(url("/admin.html"));
          until(d, "return !document.getElementById('users').classList.contains('hidden')"
              + " && !document.getElementById('tokens').classList.contains('hidden');");
        }));
  }

  /** Every view on the desktop and on the phone, one user after the other (a sign-in costs seconds). */
  @Test
  void noMainViewHasACriticalOrSeriousViolation() {
    WebDriver d = Browser.driver();
    List<Axe.Violation> all = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    try {
      for (View v : views(d)) {
        for (String size : List.of("desktop", "phone")) {
          if (size.equals("phone")) {
            Viewport.phone(d);
          } else {
            Viewport.desktop(d);
          }
          check(d, counts, all, v.name() + (v.user() == null ? "" : " (" + v.user() + ")") + " " + size, v.open());
        }
      }
    } finally {
      Viewport.reset(d);
    }
    counts.forEach((view, n) -> System.out.printf("axe %-60s %d critical/serious%n", view, n));
    all.stream().filter(v -> !FAILING.contains(v.impact())).forEach(v -> System.out.println("axe (not failing) " + v));
    assertThat(all.stream().filter(v -> FAILING.contains(v.impact())).map(Axe.Violation::toString).toList())
        .as("critical and serious axe violations").isEmpty();
  }

  private static void check(WebDriver d, Map<String, Integer> counts, List<Axe.Violation> all, String view,
      Runnable open) {
    long t0 = System.nanoTime();
    open.run();
    List<Axe.Violation> found = Axe.run(d, view);
    all.addAll(found);
    counts.put(view + String.format(" (%.1f s)", (System.nanoTime() - t0) / 1e9),
        (int) found.stream().filter(v -> FAILING.contains(v.impact())).count());
  }

  /** What the focused element looks like: its id or tag, whether it is a map feature, its focus ring. */
  private static final String FOCUSED = """
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
      const behind = (n) => {
        for (; n && n.nodeType === 1; n = n.parentElement) {
          const c = rgb(getComputedStyle(n).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const cs = getComputedStyle(e);
      const offset = parseFloat(cs.outlineOffset) || 0;
      const ring = cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth) || 0;
      const against = offset < 0 ? behind(e) : behind(e.parentElement);
      const r = e.getBoundingClientRect();
      return { name: e.id || (e.tagName.toLowerCase() + '.' + (String(e.getAttribute('class') || '').split(' ')[0]
          || (e.textContent || '').trim().slice(0, 24))),
        text: (e.textContent || '').trim().slice(0, 30), id: e.id, feature: !!e.closest('.leaflet-map-pane') && !e.closest('.leaflet-popup-pane'),
        ring, contrast: ring ? ratio(rgb(cs.outlineColor), against) : 0, onScreen: r.bottom > 0 && r.top < innerHeight };
      """;

  /**
   * Moves the browser's sequential focus starting point to the top of the page: a blur alone leaves it at the
   * element that had the focus, and the next Tab would go on from there.
   */
  private static final String START_AT_TOP = """
      document.activeElement?.blur();
      const b = document.body;
      b.setAttribute('tabindex', '-1');
      b.focus({ preventScroll: true });
      b.removeAttribute('tabindex');
      window.scrollTo(0, 0);""";

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tabUntil(WebDriver d, String id, int max) {
    js(START_AT_TOP);
    List<Map<String, Object>> stops = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      new Actions(d).sendKeys(Keys.TAB).perform();
      Map<String, Object> s = (Map<String, Object>) js(FOCUSED);
      if (s == null) {
        continue;
      }
      stops.add(s);
      if (id.equals(s.get("id"))) {
        break;
      }
    }
    return stops;
  }

  @Test
  void theKeyboardReachesThePanelByTheSkipLinkOrWithinMaxTabsSeeingWhereItIs() {
    for (String user : List.of("admin", "kh-planner", "kh-commission", "kh-patrol", "la-viewer")) {
      WebDriver d = Browser.openMap(url(""), user, "/");
      // the skip link: one Tab, Enter, and the keyboard is on the panel's selected tab
      js(START_AT_TOP);
      new Actions(d).sendKeys(Keys.TAB).perform();
      assertThat(js("return document.activeElement.id;")).as(user + ": the first Tab stop").isEqualTo("skip-to-panel");
      new Actions(d).sendKeys(Keys.ENTER).perform();
      assertThat(js("const e = document.activeElement; return e.getAttribute('role') === 'tab'"
          + " && e.getAttribute('aria-selected') === 'true' && !!e.closest('#side-panel');"))
          .as(user + ": Enter on the skip link focuses the panel's selected tab, not "
              + js("return document.activeElement.id || document.activeElement.tagName;")).isEqualTo(true);
      // plain Tab presses
      List<Map<String, Object>> stops = tabUntil(d, "tab-progress", 60);
      List<Object> names = stops.stream().map(s -> s.get("name")).toList();
      System.out.printf("Tab stops to the first panel tab (%s): %d %s%n", user, stops.size(), names);
      assertThat(names).as(user).first().isEqualTo("skip-to-panel");
      assertThat(names).as(user).last().isEqualTo("tab-progress");
      assertThat(stops).as(user + ": " + names).hasSizeLessThanOrEqualTo(MAX_TABS);
      for (Map<String, Object> s : stops) {
        assertThat((Boolean) s.get("feature")).as(user + ": a map feature is a Tab stop: " + s).isFalse();
        assertThat(((Number) s.get("ring")).doubleValue()).as(user + ": focus ring of " + s).isGreaterThanOrEqualTo(2);
        assertThat(((Number) s.get("contrast")).doubleValue()).as(user + ": focus ring contrast of " + s)
            .isGreaterThanOrEqualTo(3);
        assertThat((Boolean) s.get("onScreen")).as(user + ": focused element off screen: " + s).isTrue();
      }
    }
  }

  @Test
  void theSkipLinkOpensThePanelAndFocusesItsTab() {
    WebDriver d = Browser.driver();
    try {
      for (boolean phone : new boolean[] {false, true}) {
        if (phone) {
          Viewport.phone(d);
        }
        Browser.openMap(url(""), "kh-planner", "/");
        String hash = (String) js("return location.hash;");
        assertThat(js("return document.body.classList.contains('panel-open');")).isEqualTo(!phone);
        js("if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0);");
        new Actions(d).sendKeys(Keys.TAB).perform();
        assertThat(js("return document.activeElement.id;")).isEqualTo("skip-to-panel");
        assertThat(d.findElement(By.id("skip-to-panel")).getRect().getY()).isGreaterThanOrEqualTo(0);
        new Actions(d).sendKeys(Keys.ENTER).perform();
        assertThat(js("return document.activeElement.id;")).as(phone ? "phone" : "desktop").isEqualTo("tab-progress");
        assertThat(js("return document.body.classList.contains('panel-open');")).isEqualTo(true);
        assertThat(js("return location.hash;")).isEqualTo(hash);
      }
    } finally {
      Viewport.reset(d);
    }
  }

  /** At a patrol's zoom the map draws pillars, bases and the network: the Tab goes from the map to its controls. */
  @Test
  @SuppressWarnings("unchecked")
  void mapFeaturesAreNoTabStops() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    js("window.borderzone.map.setView([14.1503, 105.6012], 13, {animate: false});");
    until(d, "return document.querySelectorAll('.bz-pillar').length > 0;");
    long drawn = ((Number) js("return document.querySelectorAll('#map .leaflet-map-pane path.leaflet-interactive').length;"))
        .longValue();
    assertThat(drawn).as("interactive features drawn at zoom 13").isGreaterThan(5);
    js("document.getElementById('map').focus();");
    List<Object> after = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      new Actions(d).sendKeys(Keys.TAB).perform();
      Map<String, Object> s = (Map<String, Object>) js(FOCUSED);
      after.add(s == null ? null : s.get("name"));
      assertThat((Boolean) s.get("feature")).as("a map feature is a Tab stop after the map: " + after).isFalse();
      if ("tab-progress".equals(s.get("id"))) {
        break;
      }
    }
    assertThat(after).contains("tab-progress");
  }
}
