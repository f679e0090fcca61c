package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The language switch of the map in Chromium (docs/I18N.md): it sits in the header, switching reloads the page
 * in the language (html lang, texts, ICU formatting from the server's tables, never Intl), stores the choice
 * for the user and the device, the served Noto Sans Khmer face is the one drawing Khmer text, and a number
 * field takes Khmer digits. One user of its own, so the language it leaves behind reaches no other test.
 */
class LanguageBrowserIT extends IntegrationTest {

  static final String USER = "lang-browser";

  @BeforeEach
  void user() {
    ensureUser(USER, "borderzone", "Language browser", "KH", "PATROL");
    jdbc.sql("update app_user set language = null where username = :u").param("u", USER).update();
  }

  @AfterEach
  void forget() {
    // the shared browser keeps cookies and localStorage: leave no language behind for the next test
    Browser.js("localStorage.removeItem('bz_lang'); document.cookie = 'bz_lang=; path=/; max-age=0';");
    jdbc.sql("update app_user set language = null where username = :u").param("u", USER).update();
  }

  private String stored() {
    return jdbc.sql("select coalesce(language, '-') from app_user where username = :u").param("u", USER)
        .query(String.class).single();
  }

  /** Chooses a language in the header's switch as a user does, and waits for the page to come back in it. */
  private static void choose(WebDriver d, String lang) {
    Object before = Browser.js("return performance.timeOrigin");
    WebElement select = d.findElement(By.id("lang-switch"));
    new org.openqa.selenium.support.ui.Select(select).selectByValue(lang);
    new WebDriverWait(d, Duration.ofSeconds(40)).until(x -> {
      Object now = ((JavascriptExecutor) x).executeScript("return performance.timeOrigin");
      Object ready = ((JavascriptExecutor) x).executeScript("return document.body && document.body.dataset.ready");
      return !now.equals(before) && ready != null && !ready.toString().isEmpty();
    });
  }

  @Test
  void theHeaderSwitchReloadsInTheLanguageAndRemembersIt() {
    WebDriver d = Browser.openMap(url(""), USER, "/");
    assertThat(Browser.js("return document.documentElement.lang")).isEqualTo("en");
    assertThat(Browser.js("return document.querySelector('.topbar #lang-switch') !== null")).isEqualTo(true);
    assertThat(Browser.js("return document.querySelector('#lang-switch').value")).isEqualTo("en");

    choose(d, "km");
    assertThat(Browser.js("return document.documentElement.lang")).isEqualTo("km");
    assertThat(Browser.js("return document.querySelector('#lang-switch').getAttribute('aria-label')")).isEqualTo("ភាសា");
    assertThat(stored()).isEqualTo("km");
    assertThat(d.manage().getCookieNamed("bz_lang").getValue()).isEqualTo("km");
    assertThat(Browser.js("return localStorage.getItem('bz_lang')")).isEqualTo("km");
    // ICU's Khmer tables, not the browser's Intl (which would answer "Dec 1, 2026")
    assertThat(Browser.js("return import(document.querySelector('meta[name=bz-static]').content + '/js/i18n.js').then(m => [m.dateText('2026-12-01T16:30:00Z'),"
        + " m.dateText('2026-12-01', 'full'), m.fmt(1234567.891, 2)].join(' | '))"))
        .isEqualTo("1 ធ្នូ 2026 | អង្គារ 1 ធ្នូ 2026 | 1,234,567.89");

    // the served face draws Khmer: after a Khmer label is laid out, our @font-face is loaded and used
    Object font = ((JavascriptExecutor) d).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const probe = document.createElement('span');
        probe.id = 'khmer-probe';
        probe.textContent = 'ការត្រួតពិនិត្យរួមគ្នា';
        document.querySelector('.topbar').appendChild(probe);
        document.fonts.load('16px "Noto Sans Khmer"', 'ក').then(() => document.fonts.ready).then(() => {
          const ours = [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans Khmer');
          done([ours.some(f => f.status === 'loaded'), document.fonts.check('16px "Noto Sans Khmer"', 'ក'),
            getComputedStyle(probe).fontFamily.startsWith('"Noto Sans Khmer"'),
            performance.getEntriesByType('resource').some(e => e.name.endsWith('/fonts/noto-20201225/NotoSansKhmer-Regular.ttf'))]);
        });""");
    assertThat(font).asString().isEqualTo("[true, true, true, true]");

    // Lao: decimal comma, 24-hour clock, Lao month abbreviations
    choose(d, "lo");
    assertThat(Browser.js("return document.documentElement.lang")).isEqualTo("lo");
    assertThat(stored()).isEqualTo("lo");
    assertThat(Browser.js("return import(document.querySelector('meta[name=bz-static]').content + '/js/i18n.js').then(m => [m.dateTimeText('2026-12-01T16:30:00Z'),"
        + " m.fmt(1234567.891, 2), m.percentText(45.66)].join(' | '))"))
        .isEqualTo("1 ທ.ວ. 2026, 23:30 | 1.234.567,89 | 45,7");

    // a signed-in user's stored language wins over the device's cookie on the next load
    d.manage().addCookie(new org.openqa.selenium.Cookie("bz_lang", "en", "/"));
    d.navigate().refresh();
    new WebDriverWait(d, Duration.ofSeconds(40)).until(x -> "lo".equals(Browser.js("return document.body.dataset.ready"
        + " && document.documentElement.lang")));
    choose(d, "en");
    assertThat(Browser.js("return document.documentElement.lang")).isEqualTo("en");
    assertThat(stored()).isEqualTo("en");
  }

  @Test
  void aKhmerDigitNumberTypedIntoAFormIsAccepted() {
    WebDriver d = Browser.openMap(url(""), USER, "/");
    Browser.js("document.getElementById('tab-patrol').click()");
    WebElement budget = new WebDriverWait(d, Duration.ofSeconds(10))
        .until(x -> x.findElement(By.name("budgetKm")));
    assertThat(budget.getAttribute("type")).isEqualTo("text");
    assertThat(budget.getAttribute("inputmode")).isEqualTo("numeric");
    budget.clear();
    budget.sendKeys("២៥");
    assertThat(budget.getAttribute("value")).isEqualTo("២៥"); // type=number would have emptied it
    assertThat(Browser.js("return import(document.querySelector('meta[name=bz-static]').content + '/js/i18n.js').then(m => [m.numberValue(arguments[0]),"
        + " m.parseNumber('໑໒.໕'), String(m.numberValue({value: '12,5'}))])", budget))
        .asString().isEqualTo("[25, 12.5, 12,5]");
  }

  @Test
  void theFontFilesAreServedWithALongCache() {
    for (String f : new String[] {"NotoSansKhmer-Regular", "NotoSansKhmer-Bold", "NotoSansLao-Regular",
        "NotoSansLao-Bold"}) {
      Response r = anonymous().send(HttpRequest.newBuilder(URI.create(url("/fonts/noto-20201225/" + f + ".ttf"))));
      assertThat(r.status()).as(f).isEqualTo(200);
      assertThat(r.contentType()).as(f).isEqualTo("font/ttf");
      assertThat(r.raw().headers().firstValue("Cache-Control").orElse("")).as(f)
          .contains("max-age=31536000").contains("immutable");
      assertThat(r.raw().headers().firstValueAsLong("Content-Length").orElse(r.body().length())).isGreaterThan(20000);
    }
    assertThat(anonymous().get("/fonts/noto-20201225/OFL.txt").body()).contains("SIL OPEN FONT LICENSE Version 1.1");
  }
}
