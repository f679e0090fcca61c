package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, item 8: a patrol on a phone (390×844) taps "Report here" while offline (the position from the GPS,
 * given through the DevTools protocol, {@link PhoneView}), reloads the map offline (the shell and the last data
 * from the service worker's cache, the report still in the outbox), comes back online and sees it sent exactly
 * once, stored with its GPS accuracy and source; a forced resend of the same item (a lost answer, after the
 * Idempotency-Key has expired) is still exactly one row. The banner and the pending count are checked in English,
 * Khmer and Lao against the texts the server serves (GET /api/i18n?lang=): English and Lao on the page (the load
 * that fills the data cache and the offline reload), Khmer through the page's own {@code t()} with the Khmer
 * answer read offline from the worker's cache (no extra reload).
 *
 * <p>Offline is two things here: CDP {@code Network.emulateNetworkConditions {offline: true}} for the page
 * (navigator.onLine, the {@code offline}/{@code online} events, the page's own requests) and a {@link TcpProxy}
 * between the browser and the server that stops serving, because the page's emulation does not reach the service
 * worker's own fetches in Chromium (checked: with only the emulation, the worker still reaches the server).
 */
class PatrolOfflineBrowserIT extends IntegrationTest {

  private static final double LON = 105.7311;
  /**
   * A little north each run (up to ~1 km, on 1e-5° steps): a second run on the same database must not put its
   * report on the first one's, where the map draws the two as one cluster and the new id is not drawn.
   */
  private static final double LAT = 14.0623 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1000) * 1e-5;
  private static final double ACCURACY_M = 4;

  /** The texts the server serves for a language (GET /api/i18n?lang=), as the page reads them. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> served(String lang) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url("/api/i18n?lang=" + lang))).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readValue(r.body(), Map.class);
  }

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  private static Object async(String script, Object... args) {
    return ((JavascriptExecutor) Browser.driver()).executeAsyncScript(script, args);
  }

  private static void waitFor(WebDriver d, int seconds, String condition) {
    new WebDriverWait(d, Duration.ofSeconds(seconds)).until(x -> Boolean.TRUE.equals(js("return " + condition)));
  }

  private static void network(ChromeDriver d, boolean offline) {
    d.executeCdpCommand("Network.enable", Map.of());
    d.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** Loads the map (already signed in) and waits until it says it is ready, whatever the answer. */
  private static void load(WebDriver d, String url) {
    d.get(url);
    new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> {
      Object ready = js("return document.body && document.body.dataset.ready");
      return ready != null && !ready.toString().isEmpty();
    });
  }

  /** The outbox items of the page (through the page's own module instance). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items() {
    return (List<Map<String, Object>>) async("""
        const done = arguments[arguments.length - 1];
        const base = document.querySelector('meta[name=bz-static]').content;
        import(base + '/js/outbox.js').then((o) => done(o.outboxItems().map((i) => ({
          id: i.id, state: i.state, incidentId: i.incidentId, lastError: i.lastError}))), (e) => done(String(e)));
        """);
  }

  private static String pendingText(Map<String, Object> texts, int n) {
    return ((String) texts.get("outbox.pending")).replace("{0}", Integer.toString(n));
  }

  /** The banner's text before the time: "Offline — data from ". */
  private static String bannerStart(Map<String, Object> texts) {
    String s = (String) texts.get("offline.banner");
    return s.substring(0, s.indexOf("{0}"));
  }

  private static void tap(WebDriver d, By by) {
    WebElement e = d.findElement(by);
    js("arguments[0].scrollIntoView({block: 'center'});", e);
    e.click();
  }

  @AfterAll
  static void leaveTheBrowserAsFound() {
    PhoneView.reset();
    network((ChromeDriver) Browser.driver(), false);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aPatrolReportsHereOfflineAndItIsSyncedExactlyOnce() throws Exception {
    ChromeDriver d = (ChromeDriver) Browser.driver(); // started once for all browser tests: not this scenario's time
    long started = System.nanoTime();
    StringBuilder laps = new StringBuilder();
    Runnable lap = () -> laps.append(' ').append((System.nanoTime() - started) / 1_000_000);
    Map<String, Map<String, Object>> texts = Map.of("en", served("en"), "km", served("km"), "lo", served("lo"));
    assertThat(pendingText(texts.get("en"), 1)).isEqualTo("1 waiting to send");
    for (String lang : List.of("km", "lo")) {
      assertThat(texts.get(lang).get("outbox.pending")).as(lang + " is translated")
          .isNotEqualTo(texts.get("en").get("outbox.pending"));
    }
    String marker = "offline-scenario-" + UUID.randomUUID();
    try (TcpProxy link = new TcpProxy("localhost", port)) {
      String base = "http://localhost:" + link.port();
      PhoneView.phone(390, 844);
      PhoneView.position(base, LAT, LON, ACCURACY_M);
      // load 1 (signs in): the service worker installs and takes the page; the Lao and Khmer texts are read through
      // it, so they are in its cache for later; load 2 reads the data through it (and keeps it)
      Browser.openMap(base, "kh-patrol", "/?lang=en");
      lap.run();
      waitFor(d, 60, "!!navigator.serviceWorker.controller");
      Object warmed = async("""
          const done = arguments[arguments.length - 1];
          Promise.all(['km', 'lo'].map((l) => fetch('/api/i18n?lang=' + l).then((r) => r.status)))
            .then((s) => done(s.join(',')), (e) => done(String(e)));
          """);
      assertThat(warmed).isEqualTo("200,200");
      load(d, base + "/?lang=en");
      lap.run();
      assertThat(js("return document.body.dataset.ready")).isEqualTo("true");
      assertThat(d.findElements(By.cssSelector("#outbox-badge[hidden]"))).as("no reports yet: no badge").hasSize(1);

      // offline: the page's network off and the server gone
      network(d, true);
      link.stop();
      waitFor(d, 10, "!document.getElementById('offline-banner').hidden");
      assertThat(d.findElement(By.id("offline-banner")).getText()).startsWith(bannerStart(texts.get("en")))
          .matches(".*\\d\\d:\\d\\d$");

      // "Report here": the position and its accuracy from the GPS, a type chip, a description, send
      tap(d, By.id("report-here"));
      new WebDriverWait(d, Duration.ofSeconds(10))
          .until(x -> "good".equals(x.findElement(By.id("report-accuracy")).getDomAttribute("data-band")));
      tap(d, By.cssSelector("label[for='rh-type-10']")); // OTHER
      d.findElement(By.id("rh-description")).sendKeys(marker);
      tap(d, By.id("report-here-submit"));
      new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> !x.findElement(By.id("report-sheet")).isDisplayed());
      waitFor(d, 10, "document.getElementById('outbox-badge').dataset.pending === '1'");
      assertThat(d.findElement(By.id("outbox-badge")).getText()).isEqualTo(pendingText(texts.get("en"), 1));
      List<Map<String, Object>> queued = items();
      assertThat(queued).hasSize(1);
      assertThat(queued.get(0).get("state")).isEqualTo("queued");
      String clientId = (String) queued.get(0).get("id");
      lap.run();
      assertThat(jdbc.sql("select count(*) from incident where description = :m").param("m", marker)
          .query(Long.class).single()).as("nothing reached the server").isZero();
      // Khmer: the page's own t() with the Khmer answer, read offline from the worker's cache
      Map<String, Object> km = (Map<String, Object>) async("""
          const done = arguments[arguments.length - 1];
          const base = document.querySelector('meta[name=bz-static]').content;
          (async () => {
            const i18n = await import(base + '/js/i18n.js');
            const outbox = await import(base + '/js/outbox.js');
            const r = await fetch('/api/i18n?lang=km');
            i18n.useTexts(await r.json());
            const out = { status: r.status, lang: i18n.currentLanguage(),
              pending: i18n.t('outbox.pending', i18n.fmt(outbox.pendingCount(), 0)), banner: i18n.t('offline.banner', '') };
            i18n.useTexts(await (await fetch('/api/i18n?lang=en')).json());
            return out;
          })().then(done, (e) => done({ error: String(e) }));
          """);
      assertThat(km).containsEntry("status", 200L).containsEntry("lang", "km")
          .containsEntry("pending", pendingText(texts.get("km"), 1)).containsEntry("banner", bannerStart(texts.get("km")));

      // reload while offline, in Lao: the shell and the banner from the cache, the report still waiting
      load(d, base + "/?lang=lo");
      lap.run();
      assertThat(js("return document.body.dataset.ready")).isEqualTo("true");
      assertThat(js("return document.documentElement.lang")).isEqualTo("lo");
      assertThat(d.findElements(By.cssSelector(".leaflet-container"))).as("the map shell, offline").hasSize(1);
      waitFor(d, 10, "!document.getElementById('offline-banner').hidden");
      assertThat(d.findElement(By.id("offline-banner")).getText()).startsWith(bannerStart(texts.get("lo")));
      waitFor(d, 10, "document.getElementById('outbox-badge')?.dataset.pending === '1'");
      assertThat(d.findElement(By.id("outbox-badge")).getText()).isEqualTo(pendingText(texts.get("lo"), 1));
      assertThat(items()).extracting(i -> i.get("id")).containsExactly(clientId);

      // back online: sent, the count drops to 0, one row with that client id, its GPS location, on the map
      link.start();
      network(d, false);
      waitFor(d, 30, "document.getElementById('outbox-badge').dataset.pending === '0'");
      assertThat(d.findElement(By.id("outbox-badge")).getText()).isEqualTo(texts.get("lo").get("outbox.allSent"));
      waitFor(d, 15, "document.getElementById('offline-banner').hidden");
      List<Map<String, Object>> sent = items();
      assertThat(sent.get(0).get("state")).isEqualTo("sent");
      String incidentId = (String) sent.get(0).get("incidentId");
      assertThat(rows(clientId)).isEqualTo(1);
      var row = jdbc.sql("""
          select public_id::text id, description, st_x(geom) lon, st_y(geom) lat, location_accuracy_m acc,
                 location_source src, created_by
          from incident where client_id = :c
          """).param("c", UUID.fromString(clientId)).query().singleRow();
      assertThat(row.get("id")).isEqualTo(incidentId);
      assertThat(row.get("description")).isEqualTo(marker);
      // the point as sent: LON/LAT are sums of doubles (14.0623 + n·1e-5) that JSON writes in their shortest form
      assertThat(((Number) row.get("lon")).doubleValue()).isCloseTo(LON, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(((Number) row.get("lat")).doubleValue()).isCloseTo(LAT, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(((Number) row.get("acc")).doubleValue()).as("the fix's accuracy, stored").isEqualTo(ACCURACY_M);
      assertThat(row.get("src")).isEqualTo("gps");
      assertThat(row.get("created_by")).isEqualTo("kh-patrol");
      js("window.borderzone.map.setView(L.latLng(arguments[1], arguments[0]), 15, { animate: false });", LON, LAT);
      new WebDriverWait(d, Duration.ofSeconds(30)).withMessage(() -> "the incident on the map; drawn: "
          + TileMap.drawn(TileMap.INCIDENTS).stream().map(f -> f.get("id")).toList() + ", zoom "
          + js("return window.borderzone.map.getZoom()"))
          .until(x -> TileMap.drawn(TileMap.INCIDENTS).stream().anyMatch(f -> incidentId.equals(f.get("id"))));

      // a lost answer: the item is sent again as if nothing had come back, after the Idempotency-Key expired
      lap.run();
      jdbc.sql("delete from idempotency_key where idem_key = :k").param("k", clientId).update();
      Object resent = async("""
          const done = arguments[arguments.length - 1];
          const base = document.querySelector('meta[name=bz-static]').content;
          (async () => {
            const { openDb, inStore } = await import(base + '/js/idb.js');
            const outbox = await import(base + '/js/outbox.js');
            const db = await openDb('borderzone-outbox', 1, () => {});
            const item = await inStore(db, 'items', 'readonly', (s) => s.get(arguments[0]));
            await inStore(db, 'items', 'readwrite', (s) => s.put({ ...item, state: 'queued', incidentId: null, incident: null }));
            db.close();
            await outbox.sendNow();
            const after = outbox.outboxItems().find((i) => i.id === arguments[0]);
            return { state: after.state, incidentId: after.incidentId };
          })().then(done, (e) => done(String(e)));
          """, clientId);
      assertThat(resent).isEqualTo(Map.of("state", "sent", "incidentId", incidentId));
      assertThat(rows(clientId)).as("a resend is never a duplicate").isEqualTo(1);
      assertThat(d.findElement(By.id("outbox-badge")).getDomAttribute("data-pending")).isEqualTo("0");
    } finally {
      network(d, false);
      PhoneView.reset();
      LoggerFactory.getLogger(PatrolOfflineBrowserIT.class).info("offline patrol scenario: {} ms (laps:{})",
          (System.nanoTime() - started) / 1_000_000, laps);
    }
  }

  private long rows(String clientId) {
    return jdbc.sql("select count(*) from incident where client_id = :c").param("c", UUID.fromString(clientId))
        .query(Long.class).single();
  }
}
