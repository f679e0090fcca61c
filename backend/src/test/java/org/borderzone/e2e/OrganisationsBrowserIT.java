package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page (issue 12, item 5): the joint body's administrator adds an organisation with the form (code,
 * names in English, Khmer and Lao, kind, country) and then creates a user in it with the existing user form,
 * whose organisation select is read from {@code GET /api/organisations}; the new user signs in. On a desktop and
 * a 390×844 phone (no horizontal scroll); screenshots to {@code target/screenshots/orgs-*.png} to look at.
 */
class OrganisationsBrowserIT extends IntegrationTest {

  private static void until(WebDriver d, String script) {
    try {
      new WebDriverWait(d, Duration.ofSeconds(30)).until(x -> Boolean.TRUE.equals(Browser.js(script)));
    } catch (org.openqa.selenium.TimeoutException e) {
      try {
        shoot(d, "failure");
      } catch (Exception ignored) {
        // the timeout is the failure
      }
      throw new AssertionError("waited for " + script + "; the page says: "
          + Browser.js("return document.getElementById('message').textContent + ' | form valid: '"
          + " + document.getElementById('org-create').checkValidity() + ' ' + JSON.stringify(Object.fromEntries("
          + "new FormData(document.getElementById('org-create')))) + ' at the button: ' + (() => {"
          + " const b = document.querySelector('#org-create button[type=submit]').getBoundingClientRect();"
          + " const el = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);"
          + " return el ? el.outerHTML.slice(0, 120) + ' ' + JSON.stringify(b) + ' scrollY ' + window.scrollY : 'none'; })();"), e);
    }
  }

  /** Scrolls the element to the middle of the view and taps it (emulated phones need the scroll first). */
  private static void tap(WebDriver d, By by) {
    org.openqa.selenium.WebElement e = d.findElement(by);
    Browser.js("arguments[0].scrollIntoView({block: 'center'});", e);
    e.click();
  }

  private static String code() {
    StringBuilder sb = new StringBuilder("ZB");
    Random r = new Random();
    for (int i = 0; i < 6; i++) {
      sb.append((char) ('A' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private static void shoot(WebDriver d, String name) throws Exception {
    Path dir = Path.of("target/screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve("orgs-" + name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theJointBodysAdministratorAddsAnOrganisationAndCreatesItsUser() throws Exception {
    ensureThirdParty();
    WebDriver d = Browser.openMap(url(""), "admin", "/");
    try {
      for (String size : List.of("desktop", "phone")) {
        if (size.equals("phone")) {
          Viewport.phone(d);
        } else {
          Viewport.desktop(d);
        }
        String c = code();
        d.get(url("/admin.html?lang=en"));
        until(d, "return !document.getElementById('orgs').classList.contains('hidden')"
            + " && document.querySelectorAll('#org-rows tr').length >= 4;");
        assertThat(d.findElement(By.id("org-rows")).getText()).contains("VN").contains("Socialist Republic of Viet Nam");
        d.findElement(By.cssSelector("#org-create [name=code]")).sendKeys(c);
        d.findElement(By.cssSelector("#org-create [name=name]")).sendKeys("Browser test country");
        d.findElement(By.cssSelector("#org-create [name=km]")).sendKeys("ប្រទេសសាកល្បង");
        d.findElement(By.cssSelector("#org-create [name=lo]")).sendKeys("ປະເທດທົດລອງ");
        d.findElement(By.cssSelector("#org-create [name=country]")).sendKeys("ZB");
        if (size.equals("phone")) {
          // the phone keyboard's "go": Enter in the last field submits the form (a tap is tried on the desktop)
          d.findElement(By.cssSelector("#org-create [name=country]")).sendKeys(org.openqa.selenium.Keys.ENTER);
        } else {
          tap(d, By.cssSelector("#org-create button[type=submit]"));
        }
        until(d, "return Array.from(document.querySelectorAll('#org-rows td')).some(t => t.textContent === arguments[0])"
            .replace("arguments[0]", "'" + c + "'"));
        until(d, "return Array.from(document.querySelectorAll('#user-org option')).some(o => o.value === '" + c + "');");
        assertThat((Boolean) Browser.js("return document.documentElement.scrollWidth <= window.innerWidth;"))
            .as("no horizontal scroll on the " + size).isTrue();
        shoot(d, size + "-en");

        String user = "orgs-ui-" + c.toLowerCase();
        d.findElement(By.cssSelector("#create [name=username]")).sendKeys(user);
        d.findElement(By.cssSelector("#create [name=displayName]")).sendKeys("Browser user");
        new Select(d.findElement(By.id("user-org"))).selectByValue(c);
        new Select(d.findElement(By.cssSelector("#create [name=role]"))).selectByVisibleText("VIEWER");
        d.findElement(By.cssSelector("#create [name=password]")).sendKeys("browser-user-password-1");
        if (size.equals("phone")) {
          d.findElement(By.cssSelector("#create [name=password]")).sendKeys(org.openqa.selenium.Keys.ENTER);
        } else {
          tap(d, By.cssSelector("#create button[type=submit]"));
        }
        until(d, "return Array.from(document.querySelectorAll('#rows td')).some(t => t.textContent === '" + user + "');");
        assertThat(as(user, "browser-user-password-1").get("/api/me").json().path("org").asString()).isEqualTo(c);
        disableUser(user);

        d.get(url("/admin.html?lang=km"));
        until(d, "return document.querySelectorAll('#org-rows tr').length >= 4;");
        assertThat(d.findElement(By.id("org-rows")).getText()).contains("ប្រទេសសាកល្បង");
        shoot(d, size + "-km");
      }
    } finally {
      Viewport.reset(d);
    }
  }
}
