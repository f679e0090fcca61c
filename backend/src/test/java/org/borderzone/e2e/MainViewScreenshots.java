package org.borderzone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code make screenshots} (profile screenshots, never part of {@code make test}): PNGs of the main views on a
 * 1400×900 desktop and a 390×844 phone, at device pixel ratio 1, in English, Khmer and Lao, written to
 * {@code docs/screenshots/<view>-<desktop|phone>-<lang>.png} (the README shows some). The server is the test
 * server on the screenshots' own fresh database with the demo data, so the pictures change only when the views
 * do. Views (in English; the map and the report form also in Khmer and Lao): the map overview, the map with
 * Gi*, a segment's details, the inspection form, the incidents panel with the report form, a planned patrol
 * route, the sign-in page and the admin page. 20 files of about 100–350 KB.
 */
class MainViewScreenshots extends IntegrationTest {

  private static final Path DIR = Path.of(System.getProperty("screenshots.dir", "../docs/screenshots"));
  private static final List<String> LANGUAGES = List.of("en", "km", "lo");

  private static Object js(String script, Object... args) {
    return Browser.js(script, args);
  }

  private static void until(WebDriver d, String script) {
    new WebDriverWait(d, Duration.ofSeconds(60)).until(x -> Boolean.TRUE.equals(Browser.js(script)));
  }

  private static void settle() {
    js("return new Promise((r) => setTimeout(r, 1500));"); // tiles drawn, transitions over
  }

  private static void openPanel() {
    js("const b = document.getElementById('panel-toggle'); if (b.getAttribute('aria-expanded') !== 'true') b.click();");
  }

  private static void shoot(WebDriver d, String view, String size, String lang) throws IOException {
    settle();
    Files.createDirectories(DIR);
    Path file = DIR.resolve(view + "-" + size + "-" + lang + ".png");
    Files.write(file, ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    long raw = Files.size(file);
    quantize(file);
    System.out.printf("screenshot %s (%d KB, %d KB before pngquant)%n", file.normalize(), Files.size(file) / 1024,
        raw / 1024);
  }

  /**
   * Debian's pngquant (make screenshots installs it) makes the map's PNGs a palette of 256 colours, a third of
   * their size; without it the files stay as Chromium wrote them.
   */
  private static void quantize(Path file) {
    try {
      Process p = new ProcessBuilder("pngquant", "--force", "--skip-if-larger", "--quality", "65-90", "--speed", "3",
          "--output", file.toString(), file.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor();
    } catch (IOException e) {
      // no pngquant: keep the file as it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void reportForm(WebDriver d, String q) {
    Browser.openMap(url(""), "kh-patrol", q);
    openPanel();
    js("document.getElementById('tab-incidents').click();");
    until(d, "return !!document.getElementById('report-start');");
    js("document.getElementById('report-start').click();");
    js("window.borderzone.map.fire('click', {latlng: L.latLng(14.1503, 105.6012)});");
    until(d, "return !!document.getElementById('report-form');");
  }

  @Test
  void mainViews() throws IOException {
    WebDriver d = Browser.driver();
    try {
      for (String size : List.of("desktop", "phone")) {
        if (size.equals("phone")) {
          Viewport.phone(d);
        } else {
          Viewport.desktop(d);
        }
        for (String lang : LANGUAGES) {
          String q = "/?lang=" + lang;
          Browser.openMap(url(""), "kh-planner", q);
          shoot(d, "map", size, lang);
          if (!lang.equals("en")) {
            reportForm(d, q);
            shoot(d, "report", size, lang);
            continue; // the other views in English only: the set stays small enough for the repository
          }

          js("const l = window.borderzone; l.map.addLayer(l.analysis.hex.layer);");
          shoot(d, "map-gistar", size, lang);

          Browser.openMap(url(""), "kh-planner", q + "#segment=KH-LA-100");
          openPanel();
          until(d, "return !!document.getElementById('segment-code');");
          shoot(d, "segment", size, lang);

          Browser.openMap(url(""), "kh-commission", q + "#segment=KH-LA-100&tab=inspection");
          openPanel();
          until(d, "return !!document.getElementById('inspection-form');");
          shoot(d, "inspection", size, lang);

          reportForm(d, q);
          shoot(d, "report", size, lang);

          Browser.openMap(url(""), "kh-patrol", q);
          openPanel();
          js("document.getElementById('tab-patrol').click();");
          until(d, "return !!document.getElementById('patrol-base') && !!document.getElementById('patrol-base').value;");
          js("document.getElementById('patrol-submit').click();");
          until(d, "return !!document.getElementById('route-length');");
          shoot(d, "patrol", size, lang);

          Browser.openMap(url(""), "admin", q);
          d.get(url("/admin.html?lang=" + lang));
          until(d, "return !document.getElementById('users').classList.contains('hidden');");
          shoot(d, "admin", size, lang);

          d.get(url("/login?lang=" + lang));
          d.findElement(By.name("username"));
          shoot(d, "login", size, lang);
        }
      }
    } finally {
      Viewport.reset(d);
    }
  }
}
