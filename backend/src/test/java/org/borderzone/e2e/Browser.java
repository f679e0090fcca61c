package org.borderzone.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for every browser test of the run (Debian's /usr/bin/chromium driven by Debian's
 * /usr/bin/chromedriver, both paths explicit, so Selenium Manager never downloads anything). Started on first
 * use and quit when the JVM ends: a browser start costs seconds, a page load too, so tests share it.
 */
final class Browser {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private static WebDriver driver;
  private static String signedInAs;

  private Browser() {}

  static synchronized WebDriver driver() {
    if (driver == null) {
      start();
    }
    return driver;
  }

  private static void start() {
    try {
      System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
      System.setProperty("SE_OFFLINE", "true");
      Path profile = Files.createTempDirectory("borderzone-chromium-");
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
          .usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM);
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=1400,900", "--user-data-dir=" + profile);
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          driver.quit();
        } finally {
          service.stop();
          try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
          } catch (IOException ignored) {
            // a temporary directory: nothing else to do
          }
        }
      }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Signs in as {@code user} through the login form (the previous user's session is dropped first) and
   * opens the map at {@code path} ("/" or "/#segment=..."), waiting until it says it is ready.
   */
  static WebDriver openMap(String base, String user, String path) {
    WebDriver d = driver();
    if (!user.equals(signedInAs)) {
      d.get(base + "/login");
      d.manage().deleteAllCookies();
      d.get(base + "/login");
      d.findElement(By.name("username")).sendKeys(user);
      d.findElement(By.name("password")).sendKeys("borderzone");
      d.findElement(By.cssSelector("form [type=submit]")).click();
      new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> !x.getCurrentUrl().contains("/login"));
      signedInAs = user;
    }
    d.get("about:blank");
    long t0 = System.nanoTime();
    d.get(base + path);
    // generous: on 2 busy cores a first visit also installs the service worker (docs/OFFLINE.md)
    try {
      new WebDriverWait(d, Duration.ofSeconds(90)).until(x -> {
        Object ready = ((JavascriptExecutor) x).executeScript("return document.body && document.body.dataset.ready");
        return ready != null && !ready.toString().isEmpty();
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new org.openqa.selenium.TimeoutException("the map did not get ready: " + requests(d), e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > 10_000) { // slow: say which requests took the time, for the log of a run that got slow
      System.out.println("browser: " + path + " ready after " + ms + " ms: " + requests(d));
    }
    return d;
  }

  /**
   * What the page fetched (path, start, duration in ms): its slowest requests and every data request that finished
   * (one still waiting is absent), whether a service worker controls it and the live stream's state.
   */
  private static Object requests(WebDriver d) {
    try {
      return ((JavascriptExecutor) d).executeScript("""
          const all = performance.getEntriesByType('resource');
          const show = (r) => [r.name.replace(location.origin, ''), Math.round(r.startTime), Math.round(r.duration)];
          return JSON.stringify({ready: document.body && document.body.dataset.ready, live: document.documentElement.dataset.live,
            controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller), finished: all.length,
            slowest: [...all].sort((a, b) => b.duration - a.duration).slice(0, 6).map(show),
            data: all.filter((r) => !/\\/(app|webjars|fonts)\\//.test(r.name)).map(show)});""");
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** An empty page for the shared browser, if it runs (an open map would go on fetching tiles). */
  static synchronized void parkIfStarted() {
    if (driver != null) {
      driver.get("about:blank");
    }
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver()).executeScript(script, args);
  }

  /** A screenshot of what {@code d} shows, to target/screenshots/{@code name}.png, for a look (never fails a test). */
  static void screenshot(WebDriver d, String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Files.copy(((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException ignored) {
      // a screenshot is a convenience
    }
  }

  /**
   * The first element matching {@code css} once it is displayed (at most 20 s). A live event may render the
   * section again between finding an element and asking it: then it looks again.
   */
  static WebElement visible(WebDriver d, String css) {
    return new WebDriverWait(d, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(x -> {
      var found = x.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }
}
