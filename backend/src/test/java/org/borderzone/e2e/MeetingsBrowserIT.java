package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Meetings section of the Exchange tab in Chromium: a KH commission member creates a KH–LA meeting, adds an
 * action item owned by KH, marks it done (read back from the database); the meeting view on a 390 × 844 phone has
 * no horizontal scroll; screenshots (desktop and phone, English and Khmer) under target/meetings-browser/.
 */
class MeetingsBrowserIT extends IntegrationTest {

  @AfterEach
  void park() {
    PhoneView.reset();
    Browser.parkIfStarted();
  }

  private static WebDriverWait waitUpTo(WebDriver d, int s) {
    return new WebDriverWait(d, Duration.ofSeconds(s));
  }

  private static void shot(WebDriver d, String name) {
    Browser.screenshot(d, "meetings-" + name);
  }


  private static void click(WebDriver d, By by) {
    WebElement e = waitUpTo(d, 20).until(x -> {
      WebElement f = x.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
      return f;
    });
    Browser.js("arguments[0].scrollIntoView({block: 'center'});", e);
    e.click();
  }

  private static void openMeetings(WebDriver d) {
    // on a phone the side panel is a sheet behind the Panel button
    if (!d.findElement(By.id("tab-exchange")).isDisplayed()) {
      click(d, By.id("panel-toggle"));
    }
    click(d, By.id("tab-exchange"));
    click(d, By.id("xc-tab-meetings"));
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-head")).isEmpty());
  }

  @Test
  void commissionCreatesAMeetingWithAnActionItemAndMarksItDone() throws Exception {
    String base = url("").replaceAll("/$", "");
    WebDriver d = Browser.openMap(base, "kh-commission", "/");
    openMeetings(d);
    click(d, By.cssSelector("#xc-meetings .xc-m-head .xc-m-btn"));
    String title = "Browser meeting " + UUID.randomUUID().toString().substring(0, 8);
    waitUpTo(d, 20).until(x -> !x.findElements(By.id("xc-m-title")).isEmpty());
    d.findElement(By.id("xc-m-title")).sendKeys(title);
    d.findElement(By.id("xc-m-place")).sendKeys("Stung Treng");
    Browser.js("document.getElementById('xc-m-starts').value = '2026-01-10T09:00';");
    click(d, By.cssSelector("#xc-meetings .xc-m-parties input[value=LA]"));
    click(d, By.cssSelector("#xc-meetings .xc-m-form [type=submit]"));
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-view")).isEmpty());
    String meeting = d.findElement(By.cssSelector("#xc-meetings .xc-m-view")).getDomAttribute("data-id");
    assertThat(jdbc.sql("select title from meeting where public_id = cast(:id as uuid)").param("id", meeting)
        .query(String.class).single()).isEqualTo(title);

    // an action item owned by KH, due yesterday: overdue, in red, then done
    WebElement form = d.findElements(By.cssSelector("#xc-meetings .xc-m-inline")).stream()
        .filter(f -> !f.findElements(By.cssSelector("input[type=date]")).isEmpty()).findFirst().orElseThrow();
    form.findElement(By.cssSelector("input:not([type=date])")).sendKeys("Order concrete for pillar 12");
    Browser.js("arguments[0].value = arguments[1];", form.findElement(By.cssSelector("input[type=date]")),
        java.time.LocalDate.now(org.borderzone.i18n.Formats.ZONE).minusDays(1).toString());
    form.findElement(By.cssSelector("[type=submit]")).click();
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-actions li.overdue")).isEmpty());
    assertThat(d.findElement(By.cssSelector("#xc-meetings .xc-m-actions li.overdue .xc-m-action-meta")).getCssValue("color"))
        .isEqualTo("rgba(179, 38, 30, 1)");
    shot(d, "meeting-desktop-en");
    click(d, By.cssSelector("#xc-meetings .xc-m-done"));
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-actions li[data-state=DONE]")).isEmpty());
    assertThat(jdbc.sql("select a.state || ' ' || a.done_by from action_item a join meeting m on m.id = a.meeting_id"
        + " where m.public_id = cast(:id as uuid)").param("id", meeting).query(String.class).single())
        .isEqualTo("DONE kh-commission");

    // a phone: the meeting view fits 390 px, in English and in Khmer
    PhoneView.phone(390, 844);
    d = Browser.openMap(base, "kh-commission", "/");
    openMeetings(d);
    click(d, By.cssSelector("#xc-meetings .xc-m-item[data-id='" + meeting + "']"));
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-view")).isEmpty());
    Object overflow = Browser.js("return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(((Number) overflow).intValue()).as("horizontal scroll on the phone").isLessThanOrEqualTo(0);
    shot(d, "meeting-phone-en");
    d.manage().addCookie(new Cookie("bz_lang", "km"));
    d = Browser.openMap(base, "kh-commission", "/");
    openMeetings(d);
    click(d, By.cssSelector("#xc-meetings .xc-m-item[data-id='" + meeting + "']"));
    waitUpTo(d, 20).until(x -> !x.findElements(By.cssSelector("#xc-meetings .xc-m-view")).isEmpty());
    shot(d, "meeting-phone-km");
    d.manage().deleteCookieNamed("bz_lang");
  }
}
