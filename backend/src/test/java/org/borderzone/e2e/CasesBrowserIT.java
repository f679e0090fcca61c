package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Joint cases in a real browser (docs/EXCHANGE.md "Joint cases"): a KH planner finds a candidate pair (a KH and
 * an LA incident at one place and time) in the Exchange tab and proposes it as a case; an LA planner opens it and
 * confirms; the case becomes OPEN and is drawn on the map (two points and the line between them), and the
 * drawing goes when the case view is closed. Screenshots (desktop and phone) go to target/ for a look.
 */
class CasesBrowserIT extends IntegrationTest {

  @AfterAll
  static void park() {
    Browser.parkIfStarted();
  }


  private static void openCasesTab(WebDriver d) {
    Browser.js("document.getElementById('tab-exchange').click()");
    Browser.visible(d, "#xc-tab-cases").click();
    Browser.visible(d, "#xc-cases-list");
  }

  @Test
  void khProposesACandidatePairAndLaConfirmsIt() {
    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).truncatedTo(ChronoUnit.SECONDS);
    UUID kh = LeakCheck.plant(jdbc, "KH", "SHARED", 106.3517, 14.2904, at.toString(), "WILDLIFE_TRAFFICKING").id();
    UUID la = LeakCheck.plant(jdbc, "LA", "SHARED", 106.3519, 14.2906, at.plusMinutes(20).toString(),
        "WILDLIFE_TRAFFICKING").id();

    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    openCasesTab(d);
    Browser.visible(d, "#xc-cases-find").click();
    Browser.visible(d, "#xc-cases-search").click();
    WebElement pair = Browser.visible(d, "li.xc-pair[data-a='" + kh + "'][data-b='" + la + "']");
    Browser.screenshot(d, "cases-candidates");
    pair.findElement(By.cssSelector(".xc-pair-propose")).click();
    WebElement title = pair.findElement(By.cssSelector("input[type=text]"));
    title.clear();
    title.sendKeys("Pangolin scales at the river crossing");
    pair.findElement(By.cssSelector(".xc-propose-submit")).click();
    Browser.visible(d, "#xc-case-view .xc-state-proposed");
    String id = jdbc.sql("""
        select c.public_id::text from joint_case c join joint_case_incident ci on ci.case_id = c.id
        join incident i on i.id = ci.incident_id where i.public_id = :kh
        """).param("kh", kh).query(String.class).single();
    assertThat(d.findElement(By.cssSelector("#xc-case-view h3")).getText()).isEqualTo("Pangolin scales at the river crossing");
    // the proposer's organisation has decided: no confirm button for KH
    assertThat(d.findElements(By.id("xc-case-confirm"))).isEmpty();

    d = Browser.openMap(url(""), "la-planner", "/");
    openCasesTab(d);
    Browser.visible(d, "#xc-cases-list .xc-case-open[data-id='" + id + "']").click();
    Browser.visible(d, "#xc-case-confirm").click();
    Browser.visible(d, "#xc-case-view .xc-state-open");
    new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> Long.valueOf(2).equals(Browser.js(
        "return document.querySelectorAll('.xc-case-point').length"))
        && Long.valueOf(1).equals(Browser.js("return document.querySelectorAll('.xc-case-track').length")));
    assertThat(jdbc.sql("select state from joint_case where public_id = cast(:id as uuid)").param("id", id)
        .query(String.class).single()).isEqualTo("OPEN");
    // fitted: the map shows the case's place
    Object inView = Browser.js("return window.borderzone.map.getBounds().contains([14.2905, 106.3518])");
    assertThat(inView).isEqualTo(true);
    assertThat(d.findElement(By.id("xc-case-timeline")).getText()).contains("Opened");
    Browser.screenshot(d, "cases-open");
    Dimension size = d.manage().window().getSize();
    try {
      d.manage().window().setSize(new Dimension(390, 844));
      Browser.js("window.scrollTo(0, 0)");
      Object overflow = Browser.js("return document.getElementById('xc-cases').scrollWidth"
          + " > document.getElementById('xc-cases').clientWidth + 1");
      assertThat(overflow).as("no horizontal scroll in the cases section on a phone").isEqualTo(false);
      Browser.screenshot(d, "cases-open-phone");
    } finally {
      d.manage().window().setSize(size);
    }
    // closing the view takes the drawing off the map
    Browser.visible(d, "#xc-case-back").click();
    new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> Long.valueOf(0).equals(Browser.js(
        "return document.querySelectorAll('.xc-case-point, .xc-case-track').length")));
  }
}
