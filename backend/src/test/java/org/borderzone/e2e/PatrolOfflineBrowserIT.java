package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, item 8: a patrol on a phone (390×844) reports an incident from its GPS position while offline, reloads
 * the map offline (the shell and the last data from the service worker's cache, the report still in the outbox),
 * comes back online and sees it sent exactly once; a forced resend of the same item (a lost answer, after the
 * Idempotency-Key has expired) is still exactly one row. The banner and the pending count are checked in English,
 * Khmer and Lao.
 *
 * <p>Offline is two things here: CDP {@code Network.emulateNetworkConditions {offline: true}} for the page
 * (navigator.onLine, the {@code offline}/{@code online} events, the page's own requests) and a {@link TcpProxy}
 * between the browser and the server that stops serving, because the page's emulation does not reach the service
 * worker's own fetches in Chromium (checked: with only the emulation, the worker still reaches the server).
 */
class PatrolOfflineBrowserIT extends IntegrationTest {

  private static final double LON = 105.7311;
  private static final double LAT = 14.0623;

  private static Properties bundle(String lang) throws Exception {
    Properties p = new Properties();
    String name = "i18n/web" + (lang.equals("en") ? "" : "_" + lang) + ".properties";
    try (InputStream in = PatrolOfflineBrowserIT.class.getClassLoader().getResourceAsStream(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
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

  private static String pendingText(Properties texts, int n) {
    return texts.getProperty("outbox.pending").replace("{0}", Integer.toString(n));
  }

  /** The banner's text before the time: "Offline — data from ". */
  private static String bannerStart(Properties texts) {
    String s = texts.getProperty("offline.banner");
    return s.substring(0, s.indexOf("{0}"));
  }

  @Test
  void aPatrolReportsFromGpsOfflineAndItIsSyncedExactlyOnce() throws Exception {
    long started = System.nanoTime();
    Map<String, Properties> texts = Map.of("en", bundle("en"), "km", bundle("km"), "lo", bundle("lo"));
    String marker = "offline-scenario-" + UUID.randomUUID();
    ChromeDriver d = (ChromeDriver) Browser.driver();
    Dimension before = d.manage().window().getSize();
    try (TcpProxy link = new TcpProxy("localhost", port)) {
      String base = "http://localhost:" + link.port();
      d.manage().window().setSize(new Dimension(390, 844));
      d.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("geolocation")));
      d.executeCdpCommand("Emulation.setGeolocationOverride", Map.of("latitude", LAT, "longitude", LON, "accuracy", 8));
      Browser.openMap(base, "kh-patrol", "/?lang=en");
      // the service worker installs and takes the page; a second load reads the data through it (and keeps it),
      // and the Khmer and Lao texts are read once while online
      waitFor(d, 60, "!!navigator.serviceWorker.controller");
      for (String lang : List.of("km", "lo", "en")) {
        load(d, base + "/?lang=" + lang);
      }
      assertThat(js("return document.body.dataset.ready")).isEqualTo("true");
      assertThat(d.findElements(By.cssSelector("#outbox-badge[hidden]"))).as("no reports yet: no badge").hasSize(1);

      // offline: the page's network off and the server gone
      network(d, true);
      link.stop();
      waitFor(d, 10, "!document.getElementById('offline-banner').hidden");
      assertThat(d.findElement(By.id("offline-banner")).getText()).startsWith(bannerStart(texts.get("en")))
          .matches(".*\\d\\d:\\d\\d$");

      // report here, from the GPS position (the phone's "Report here" button replaces the map click)
      @SuppressWarnings("unchecked")
      List<Number> gps = (List<Number>) async("""
          const done = arguments[arguments.length - 1];
          navigator.geolocation.getCurrentPosition((p) => done([p.coords.longitude, p.coords.latitude, p.coords.accuracy]),
            (e) => done(['error', e.message]), { enableHighAccuracy: true, timeout: 10000 });
          """);
      assertThat(gps.get(0).doubleValue()).isEqualTo(LON);
      assertThat(gps.get(1).doubleValue()).isEqualTo(LAT);
      if (!d.findElement(By.id("side-panel")).isDisplayed()) {
        d.findElement(By.id("panel-toggle")).click();
      }
      d.findElement(By.id("tab-incidents")).click();
      d.findElement(By.id("report-start")).click();
      js("window.borderzone.map.fire('click', { latlng: L.latLng(arguments[1], arguments[0]) });", gps.get(0), gps.get(1));
      d.findElement(By.cssSelector("#report-form [name=description]")).sendKeys(marker);
      d.findElement(By.id("report-submit")).click();
      waitFor(d, 10, "document.getElementById('outbox-badge').dataset.pending === '1'");
      assertThat(d.findElement(By.id("outbox-badge")).getText()).isEqualTo(pendingText(texts.get("en"), 1));
      List<Map<String, Object>> queued = items();
      assertThat(queued).hasSize(1);
      assertThat(queued.get(0).get("state")).isEqualTo("queued");
      String clientId = (String) queued.get(0).get("id");
      assertThat(jdbc.sql("select count(*) from incident where description = :m").param("m", marker)
          .query(Long.class).single()).as("nothing reached the server").isZero();

      // reload while offline, in each language: the shell and the banner from the cache, the report still waiting
      for (String lang : List.of("km", "lo", "en")) {
        load(d, base + "/?lang=" + lang);
        assertThat(js("return document.body.dataset.ready")).as(lang).isEqualTo("true");
        assertThat(d.findElements(By.cssSelector(".leaflet-container"))).as("the map shell, offline").hasSize(1);
        waitFor(d, 10, "!document.getElementById('offline-banner').hidden");
        assertThat(d.findElement(By.id("offline-banner")).getText()).as(lang).startsWith(bannerStart(texts.get(lang)));
        waitFor(d, 10, "document.getElementById('outbox-badge')?.dataset.pending === '1'");
        assertThat(d.findElement(By.id("outbox-badge")).getText()).as(lang).isEqualTo(pendingText(texts.get(lang), 1));
      }
      assertThat(items()).extracting(i -> i.get("id")).containsExactly(clientId);

      // back online: sent, the count drops to 0, one row with that client id, the incident on the map
      link.start();
      network(d, false);
      waitFor(d, 30, "document.getElementById('outbox-badge').dataset.pending === '0'");
      assertThat(d.findElement(By.id("outbox-badge")).getText()).isEqualTo(texts.get("en").getProperty("outbox.allSent"));
      waitFor(d, 15, "document.getElementById('offline-banner').hidden");
      List<Map<String, Object>> sent = items();
      assertThat(sent.get(0).get("state")).isEqualTo("sent");
      String incidentId = (String) sent.get(0).get("incidentId");
      assertThat(rows(clientId)).isEqualTo(1);
      assertThat(jdbc.sql("select public_id::text from incident where client_id = :c").param("c", UUID.fromString(clientId))
          .query(String.class).single()).isEqualTo(incidentId);
      js("window.borderzone.map.setView(L.latLng(arguments[1], arguments[0]), 15, { animate: false });", LON, LAT);
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> TileMap.drawn(TileMap.INCIDENTS).stream()
          .anyMatch(f -> incidentId.equals(f.get("id"))));

      // a lost answer: the item is sent again as if nothing had come back, after the Idempotency-Key expired
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
      assertThat(d.findElement(By.id("outbox-badge")).getAttribute("data-pending")).isEqualTo("0");
    } finally {
      network(d, false);
      d.executeCdpCommand("Emulation.clearGeolocationOverride", Map.of());
      d.manage().window().setSize(before);
      LoggerFactory.getLogger(PatrolOfflineBrowserIT.class).info("offline patrol scenario: {} ms",
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  private long rows(String clientId) {
    return jdbc.sql("select count(*) from incident where client_id = :c").param("c", UUID.fromString(clientId))
        .query(Long.class).single();
  }
}
