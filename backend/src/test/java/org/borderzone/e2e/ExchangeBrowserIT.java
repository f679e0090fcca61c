package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The done-when test of issue 12 (docs/EXCHANGE.md "Liaison messages"), in two real browser sessions: kh-planner
 * sends a FLASH alert to LA through the map's Exchange tab; la-planner's open map shows the unread badge live
 * (without a reload) and the message in its inbox; la-planner acknowledges and answers it through the UI;
 * kh-planner's open thread shows ANSWERED live; the stored times (acknowledged_at − sent_at) are in the database
 * and in {@code GET /api/messages}. The last step of the issue ("the response time appears in the figures") reads
 * GET /api/exchange/figures.
 */
class ExchangeBrowserIT extends IntegrationTest {

  @Test
  void aFlashAlertFromKhIsSeenLiveAcknowledgedAndAnsweredByLa() throws Exception {
    // session 1 (the shared browser): la-planner's map is open
    WebDriver la = Browser.openMap(url(""), "la-planner", "/");
    waitFor(la, 20, "return document.getElementById('live-indicator')?.dataset.state === 'open'");
    js(la, "window.__noReload = true;");
    int unreadBefore = unread(la);

    // session 2 (a browser of its own): kh-planner writes the alert in the Exchange tab
    WebDriver kh = secondBrowser();
    try {
      signIn(kh, "kh-planner");
      js(kh, "window.__noReload = true;");
      kh.findElement(By.id("tab-exchange")).click();
      waitFor(kh, 20, "return !!document.getElementById('xc-inbox-new')");
      kh.findElement(By.id("xc-inbox-new")).click();
      waitFor(kh, 10, "return !!document.querySelector('#xc-inbox-form [name=subject]')");
      String subject = "Armed group crossing near P-" + UUID.randomUUID().toString().substring(0, 8);
      new Select(kh.findElement(By.cssSelector("#xc-inbox-form [name=kind]"))).selectByValue("ALERT");
      new Select(kh.findElement(By.cssSelector("#xc-inbox-form [name=precedence]"))).selectByValue("FLASH");
      new Select(kh.findElement(By.cssSelector("#xc-inbox-form [name=to]"))).selectByValue("LA");
      kh.findElement(By.cssSelector("#xc-inbox-form [name=subject]")).sendKeys(subject);
      kh.findElement(By.cssSelector("#xc-inbox-form [name=body]")).sendKeys("About 20 armed men seen at 06:10, moving south.");
      kh.findElement(By.cssSelector("#xc-inbox-form .xc-send")).click();
      long sentAt = System.nanoTime();
      waitFor(kh, 20, "return !!document.querySelector('#xc-inbox .xc-thread .xc-card')");
      String id = (String) js(kh, "return document.querySelector('#xc-inbox .xc-card').dataset.id");
      assertThat(js(kh, "return document.querySelector('#xc-inbox .xc-card').dataset.state")).isEqualTo("SENT");

      // LA: the badge goes up live, without a reload
      new WebDriverWait(la, Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(50))
          .until(x -> unread(la) > unreadBefore);
      long liveMs = (System.nanoTime() - sentAt) / 1_000_000;
      System.out.printf("exchange: KH's FLASH alert -> LA's badge in %d ms (UI click to badge)%n", liveMs);
      assertThat(js(la, "return window.__noReload === true")).as("no reload").isEqualTo(true);
      la.findElement(By.id("tab-exchange")).click();
      String item = "#xc-inbox .xc-msg[data-id='" + id + "']";
      waitFor(la, 10, "return !!document.querySelector(\"" + item + "\")");
      WebElement row = la.findElement(By.cssSelector(item));
      assertThat(row.getAttribute("class")).contains("unread");
      assertThat(row.getAttribute("data-precedence")).isEqualTo("FLASH");
      assertThat(row.getText()).contains(subject);
      screenshot(la, "exchange-inbox-la.png");

      // LA opens, acknowledges, answers
      row.click();
      String card = "#xc-inbox .xc-card[data-id='" + id + "']";
      waitFor(la, 10, "return !!document.querySelector(\"" + card + " .xc-ack\")");
      la.findElement(By.cssSelector(card + " .xc-ack")).click();
      waitFor(la, 10, "return document.querySelector(\"" + card + "\")?.dataset.state === 'ACKNOWLEDGED'");
      Thread.sleep(300); // the acknowledgement's own live event refreshes the thread once more
      la.findElement(By.cssSelector(card + " .xc-reply")).click();
      waitFor(la, 5, "return !document.querySelector(\"" + card + " .xc-reply-box\").hidden");
      la.findElement(By.cssSelector(card + " .xc-reply-text")).sendKeys("Patrol LA-7 is on its way to the pillar.");
      la.findElement(By.cssSelector(card + " .xc-reply-send")).click();
      waitFor(la, 10, "return document.querySelector(\"" + card + "\")?.dataset.state === 'ANSWERED'");
      assertThat(js(la, "return document.querySelectorAll('#xc-inbox .xc-card').length")).isEqualTo(2L);
      screenshot(la, "exchange-thread-la.png");

      // KH: the open thread shows ANSWERED live
      new WebDriverWait(kh, Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(50)).until(x -> "ANSWERED".equals(
          js(kh, "return document.querySelector(\"" + card + "\")?.dataset.state")));
      assertThat(js(kh, "return window.__noReload === true")).as("no reload").isEqualTo(true);
      assertThat(js(kh, "return document.querySelectorAll('#xc-inbox .xc-card').length")).isEqualTo(2L);

      // the stored times, and GET /api/messages shows them
      var stored = jdbc.sql("""
          select extract(epoch from acknowledged_at - sent_at) ack_s, acknowledged_at <= ack_due_at on_time,
                 acknowledged_by, answered_by, state from liaison_message where public_id = cast(:id as uuid)""")
          .param("id", id).query().singleRow();
      double ackSeconds = ((Number) stored.get("ack_s")).doubleValue();
      assertThat(ackSeconds).isPositive().isLessThan(300);
      assertThat(stored.get("on_time")).isEqualTo(true);
      assertThat(stored.get("acknowledged_by")).isEqualTo("la-planner");
      assertThat(stored.get("answered_by")).isEqualTo("la-planner");
      assertThat(stored.get("state")).isEqualTo("ANSWERED");
      JsonNode sent = null;
      for (JsonNode m : as("kh-planner").get("/api/messages?box=sent&limit=100").json().path("messages")) {
        if (m.path("id").asString().equals(id)) {
          sent = m;
        }
      }
      assertThat(sent).isNotNull();
      assertThat(sent.path("state").asString()).isEqualTo("ANSWERED");
      assertThat(sent.path("secondsToAcknowledge").asDouble()).isCloseTo(ackSeconds, org.assertj.core.data.Offset.offset(0.01));
      assertThat(sent.path("acknowledgedAt").asString()).isNotEmpty();
      assertThat(sent.path("answeredAt").asString()).isNotEmpty();
      System.out.printf("exchange: acknowledged after %.1f s%n", ackSeconds);

      // the done-when's last step: the response time appears in the figures (GET /api/exchange/figures, the
      // Figures sub-tab's source): LA's FLASH time to acknowledge counts every FLASH message KH sent LA this month
      // and acknowledged (this one among them), as the database counts them
      Response figures = as("kh-planner").get("/api/exchange/figures");
      assertThat(figures.status()).isEqualTo(200);
      JsonNode flash = null;
      for (JsonNode fig : figures.json().path("acknowledge")) {
        if ("LA".equals(fig.path("org").asString()) && "FLASH".equals(fig.path("precedence").asString())) {
          flash = fig;
        }
      }
      assertThat(flash).as("LA's FLASH row in the figures").isNotNull();
      long acknowledged = jdbc.sql("""
          select count(*) from liaison_message
          where to_org = 'LA' and from_org = 'KH' and precedence = 'FLASH' and acknowledged_at is not null
            and sent_at >= cast(:from as date)
          """).param("from", (figures.json().path("from").asString() + "-01").substring(0, 10))
          .query(Long.class).single();
      assertThat(acknowledged).isGreaterThanOrEqualTo(1);
      System.out.printf("exchange: figures FLASH LA n=%d median=%s s (db %d)%n", flash.path("n").asLong(),
          flash.path("medianSeconds"), acknowledged);
      assertThat(flash.path("n").asLong()).isGreaterThanOrEqualTo(1);

      // phone (390×844): the inbox fits without horizontal scrolling
      Dimension size = la.manage().window().getSize();
      try {
        la.manage().window().setSize(new Dimension(390, 844));
        Thread.sleep(400);
        assertThat((Boolean) js(la, "return document.documentElement.scrollWidth <= window.innerWidth + 1")).isTrue();
        screenshot(la, "exchange-thread-la-phone.png");
      } finally {
        la.manage().window().setSize(size);
      }
      // KH's view in Khmer, desktop and phone (for a look: the strings come from web_km.properties)
      kh.manage().addCookie(new org.openqa.selenium.Cookie("bz_lang", "km", "/"));
      kh.get(url("/"));
      waitFor(kh, 90, "return document.body && document.body.dataset.ready === 'true'");
      kh.findElement(By.id("tab-exchange")).click();
      waitFor(kh, 10, "return !!document.querySelector('#xc-inbox .xc-msg')");
      assertThat((String) js(kh, "return document.getElementById('xc-inbox-new').textContent")).isEqualTo("សារថ្មី");
      kh.findElement(By.cssSelector("#xc-inbox-box")).click();
      new Select(kh.findElement(By.id("xc-inbox-box"))).selectByValue("sent");
      waitFor(kh, 10, "return !!document.querySelector(\"#xc-inbox .xc-msg[data-id='" + id + "']\")");
      kh.findElement(By.cssSelector("#xc-inbox .xc-msg[data-id='" + id + "']")).click();
      waitFor(kh, 10, "return !!document.querySelector('#xc-inbox .xc-thread')");
      screenshot(kh, "exchange-thread-kh-km.png");
      kh.manage().window().setSize(new Dimension(390, 844));
      Thread.sleep(400);
      assertThat((Boolean) js(kh, "return document.documentElement.scrollWidth <= window.innerWidth + 1")).isTrue();
      screenshot(kh, "exchange-thread-kh-km-phone.png");
    } finally {
      kh.quit();
      Browser.parkIfStarted();
    }
  }

  private static int unread(WebDriver d) {
    Object v = js(d, "return document.getElementById('tab-exchange')?.dataset.unread || '0'");
    return Integer.parseInt(String.valueOf(v));
  }

  static Object js(WebDriver d, String script, Object... args) {
    return ((JavascriptExecutor) d).executeScript(script, args);
  }

  static void waitFor(WebDriver d, int seconds, String condition) {
    new WebDriverWait(d, Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50))
        .until(x -> Boolean.TRUE.equals(js(d, condition)));
  }

  private void signIn(WebDriver d, String user) {
    d.get(url("/login"));
    d.findElement(By.name("username")).sendKeys(user);
    d.findElement(By.name("password")).sendKeys(DEMO_PASSWORD);
    d.findElement(By.cssSelector("form [type=submit]")).click();
    new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> !x.getCurrentUrl().contains("/login"));
    d.get(url("/"));
    new WebDriverWait(d, Duration.ofSeconds(90)).until(x -> {
      Object ready = js(x, "return document.body && document.body.dataset.ready");
      return ready != null && !ready.toString().isEmpty();
    });
  }

  /** A second headless Chromium with a profile of its own (its own cookies: another user's session). */
  static WebDriver secondBrowser() throws IOException {
    Path profile = Files.createTempDirectory("borderzone-chromium-2-");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,900", "--user-data-dir=" + profile);
    WebDriver d = new ChromeDriver(service, options);
    d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return d;
  }

  static void screenshot(WebDriver d, String name) {
    try {
      Files.copy(((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException ignored) {
      // a screenshot is for a look, not checked
    }
  }
}
