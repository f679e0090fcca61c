package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A release in the incident popup, in a real browser (docs/EXCHANGE.md "Releases"): a KH planner releases a
 * NATIONAL incident of KH to LA with its source withheld and a reason; an LA planner then finds it on the map, and
 * its popup says who released it and what was withheld, with the description and without the source; the KH
 * planner withdraws it with a reason typed in place, and LA no longer reads it. What the browser did is checked
 * in the database (the release row, its withdrawal) and through LA's own API reads. Screenshots (desktop and
 * phone) go to target/ for a look.
 */
class ReleaseBrowserIT extends IntegrationTest {

  private static final String SOURCE = "informant at the ferry, name on file";
  private static final String DESCRIPTION = "Two boats unloading at night below the ferry landing";

  @AfterAll
  static void park() {
    Browser.parkIfStarted();
  }


  /** Opens the map at the incident, clicks it where the tiles draw it, and returns its popup. */
  private static WebElement popup(WebDriver d, String id, double lon, double lat) {
    Browser.js("window.borderzone.map.setView([arguments[0], arguments[1]], 16, {animate: false});", lat, lon);
    Browser.js("document.getElementById('tab-incidents').click()"); // on a phone the tab sits in the closed sheet
    MapWorkflowsIT.clickDrawnIncident(d, id);
    return Browser.visible(d, ".bz-incident-popup[data-id='" + id + "']");
  }

  @Test
  void khReleasesWithTheSourceWithheldLaReadsItAndKhWithdrawsIt() {
    // a place of its own: one incident under the click
    double lon = 105.9012 + (System.nanoTime() % 1000) * 1e-5;
    double lat = 14.1203 + (System.nanoTime() / 1000 % 1000) * 1e-5;
    String occurred = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3).truncatedTo(ChronoUnit.SECONDS).toString();
    Response created = as("kh-planner").post("/api/incidents", """
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [%s, %s]},
         "properties": {"type": "DRUG_TRAFFICKING", "severity": 3, "occurredAt": "%s", "releasability": "NATIONAL",
                        "description": "%s", "source": "%s"}}
        """.formatted(lon, lat, occurred, DESCRIPTION, SOURCE));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();
    assertThat(as("la-planner").get("/api/incidents/" + id).status()).isEqualTo(404);

    // KH: Release… → LA, withhold the source, a reason → the list shows the open release to LA
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    WebElement box = popup(d, id, lon, lat);
    box.findElement(By.cssSelector(".xc-release-open")).click();
    // the form fits in the map: the popup scrolls rather than growing past the map's top
    new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> Boolean.TRUE.equals(Browser.js("""
        const p = document.querySelector('.leaflet-popup'), m = document.getElementById('map');
        if (!p) return false;
        const a = p.getBoundingClientRect(), b = m.getBoundingClientRect();
        return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;""")));
    Browser.visible(d, ".xc-release-form input[name=to][value=LA]").click();
    d.findElement(By.cssSelector(".xc-release-form input[name=withheld][value=source]")).click();
    d.findElement(By.cssSelector(".xc-release-form textarea[name=reason]")).sendKeys("joint patrol on the river");
    Browser.screenshot(d, "release-form");
    d.findElement(By.cssSelector(".xc-release-form [type=submit]")).click();
    Browser.visible(d, ".xc-release-item.open[data-to=LA]");
    assertThat(d.findElement(By.cssSelector(".xc-release-item.open[data-to=LA] .xc-release-withheld")).getText())
        .contains("source").doesNotContain("description");
    assertThat(jdbc.sql("""
        select to_org || ' ' || array_to_string(withheld, ',') || ' ' || reason || ' ' || released_by
        from incident_release r join incident i on i.id = r.incident_id
        where i.public_id = cast(:id as uuid) and r.withdrawn_at is null
        """).param("id", id).query(String.class).list())
        .containsExactly("LA source joint patrol on the river kh-planner");

    // LA: the incident is on its map now; the popup names the release and leaves the source out
    d = Browser.openMap(url(""), "la-planner", "/");
    box = popup(d, id, lon, lat);
    String text = Browser.visible(d, ".bz-incident-popup[data-id='" + id + "'] .xc-release-received").getText();
    assertThat(text).contains("Released by Kingdom of Cambodia").contains("Withheld: source");
    String whole = box.getText();
    assertThat(whole).contains(DESCRIPTION).doesNotContain(SOURCE);
    // a recipient cannot release onwards
    assertThat(box.findElements(By.cssSelector(".xc-release-open"))).isEmpty();
    Browser.screenshot(d, "release-received");
    Dimension size = d.manage().window().getSize();
    try {
      d.manage().window().setSize(new Dimension(390, 844));
      // on a phone the panel is a bottom sheet over the map: the popup stays in the room above it
      new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> Boolean.TRUE.equals(Browser.js("""
          const p = document.querySelector('.leaflet-popup'), m = document.getElementById('map');
          const s = document.getElementById('side-panel').getBoundingClientRect();
          if (!p) return false;
          const a = p.getBoundingClientRect(), b = m.getBoundingClientRect();
          return a.top >= b.top - 1 && a.bottom <= Math.min(b.bottom, s.top) + 1;""")));
      Object overflow = Browser.js("const p = document.querySelector('.leaflet-popup-content');"
          + " return !!p && p.scrollWidth > p.clientWidth + 1");
      assertThat(overflow).as("the popup fits a phone's width").isEqualTo(false);
      Browser.screenshot(d, "release-received-phone");
    } finally {
      d.manage().window().setSize(size);
    }
    // the same popup in Lao, on a phone: the release line from the Lao bundle, the party named in Lao
    try {
      d.manage().window().setSize(new Dimension(390, 844));
      d = Browser.openMap(url(""), "la-planner", "/?lang=lo");
      popup(d, id, lon, lat);
      String lao = Browser.visible(d, ".bz-incident-popup[data-id='" + id + "'] .xc-release-received").getText();
      assertThat(lao).doesNotContain("Released by").containsPattern("\\p{IsLao}{3,}")
          .contains(get("/api/organisations?lang=lo").json().findValues("name").stream()
              .filter(n -> n.asString().contains("ກຳປູເຈຍ")).findFirst().orElseThrow().asString());
      Browser.screenshot(d, "release-received-lo-phone");
    } finally {
      d.manage().window().setSize(size);
    }
    Response read = as("la-planner").get("/api/incidents/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).contains(DESCRIPTION).doesNotContain(SOURCE);

    // KH withdraws, the reason asked in place (no browser dialog): LA reads it no more
    d = Browser.openMap(url(""), "kh-planner", "/");
    popup(d, id, lon, lat);
    Browser.visible(d, ".xc-release-item.open[data-to=LA] .xc-release-withdraw").click();
    WebElement reason = Browser.visible(d, ".xc-release-item[data-to=LA] .xc-withdraw-form textarea");
    assertThat(Browser.js("return document.activeElement === arguments[0]", reason)).isEqualTo(true);
    reason.sendKeys("the source may be exposed");
    d.findElement(By.cssSelector(".xc-release-item[data-to=LA] .xc-withdraw-submit")).click();
    Browser.visible(d, ".xc-release-item.withdrawn[data-to=LA]");
    assertThat(d.findElements(By.cssSelector(".xc-release-item.open"))).isEmpty();
    List<String> withdrawn = jdbc.sql("""
        select withdrawn_by || ' ' || withdrawn_reason from incident_release r join incident i on i.id = r.incident_id
        where i.public_id = cast(:id as uuid) and r.withdrawn_at is not null
        """).param("id", id).query(String.class).list();
    assertThat(withdrawn).containsExactly("kh-planner the source may be exposed");
    assertThat(as("la-planner").get("/api/incidents/" + id).status()).isEqualTo(404);
  }
}
