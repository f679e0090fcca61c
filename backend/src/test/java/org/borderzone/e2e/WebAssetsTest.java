package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The front end's files as shipped in the web jar: ready for a strict Content-Security-Policy (no inline
 * script, handler or style in the markup, no eval, no innerHTML) and every text key they use is in the
 * {@code i18n/web} bundle.
 */
class WebAssetsTest {

  private static final PathMatchingResourcePatternResolver RESOLVER = new PathMatchingResourcePatternResolver();

  private static String read(Resource r) throws IOException {
    try (InputStream in = r.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<Resource> scripts() throws IOException {
    List<Resource> out = new ArrayList<>();
    for (Resource r : RESOLVER.getResources("classpath*:META-INF/resources/js/**/*.js")) {
      if (!r.getURL().toString().contains("/webjars/")) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void indexHtmlHasNoInlineScriptHandlerOrStyle() throws IOException {
    String html = read(RESOLVER.getResource("classpath:META-INF/resources/index.html"));
    Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int n = 0;
    while (scripts.find()) {
      n++;
      assertThat(scripts.group(1)).as("script tag loads a file").contains("src=");
      assertThat(scripts.group(2).trim()).as("no inline script").isEmpty();
    }
    assertThat(n).isGreaterThanOrEqualTo(2);
    assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
    assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=");
    assertThat(html).doesNotContainPattern("(?i)https?://[^\"']*\\.(js|css)"); // no CDN
    assertThat(html).contains("/webjars/leaflet/1.9.4/dist/leaflet.js").contains("/webjars/leaflet/1.9.4/dist/leaflet.css");
  }

  /**
   * Every stylesheet is well formed as written here: its blocks close, and a rule written at the start of a line
   * is never inside an {@code @media} block (the file's style: a block's rules are indented). A merge that drops
   * the closing brace of a phone-only block puts every rule after it under the phone query, which a browser
   * accepts without a word: on a desktop those rules are simply gone.
   */
  @Test
  void stylesheetsCloseTheirBlocks() throws IOException {
    Resource[] css = RESOLVER.getResources("classpath*:META-INF/resources/css/*.css");
    assertThat(css).hasSizeGreaterThanOrEqualTo(5);
    for (Resource r : css) {
      String src = read(r).replaceAll("(?s)/\\*.*?\\*/", "");
      int depth = 0;
      int line = 1;
      boolean start = true;
      for (char ch : src.toCharArray()) {
        if (start && depth > 0 && ch != ' ' && ch != '}' && ch != '\n') {
          throw new AssertionError(r.getFilename() + ":" + line + ": a rule at the start of a line inside a block");
        }
        start = false;
        if (ch == '{') {
          depth++;
        } else if (ch == '}') {
          depth--;
          assertThat(depth).as("%s:%d closes a block it never opened", r.getFilename(), line).isNotNegative();
        } else if (ch == '\n') {
          line++;
          start = true;
        }
      }
      assertThat(depth).as("%s: blocks left open at the end", r.getFilename()).isZero();
    }
  }

  @Test
  void scriptsAvoidEvalInnerHtmlAndInlineStyles() throws IOException {
    List<Resource> js = scripts();
    assertThat(js).extracting(Resource::getFilename)
        .contains("main.js", "api.js", "i18n.js", "basemap.js", "segments.js", "pillars.js", "disputed.js",
            "progress.js", "segment-detail.js", "inspection-form.js", "timeline.js", "roles.js", "filter.js",
            "incident-types.js", "map-click.js", "incidents.js", "hot-segments.js", "hotspots.js", "density.js",
            "clusters.js", "emerging.js", "network.js", "bases.js", "patrol-route.js", "coverage.js",
            "incident-report.js", "incident-import.js", "patrol.js", "analysis.js");
    for (Resource r : js) {
      String src = read(r);
      assertThat(src).as(r.getFilename()).doesNotContain("innerHTML").doesNotContain("outerHTML")
          .doesNotContain("insertAdjacentHTML").doesNotContain("document.write")
          .doesNotContainPattern("\\beval\\s*\\(").doesNotContain("new Function(")
          .doesNotContainPattern("setAttribute\\(\\s*'style'");
      if (!r.getFilename().equals("api.js")) {
        assertThat(src).as("%s fetches only through api.js", r.getFilename()).doesNotContainPattern("\\bfetch\\(");
      }
    }
  }

  @Test
  void everyTextKeyUsedIsInTheBundle() throws IOException {
    Properties bundle = new Properties();
    try (InputStream in = RESOLVER.getResource("classpath:i18n/web.properties").getInputStream()) {
      bundle.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    TreeSet<String> used = new TreeSet<>();
    Pattern literalKey = Pattern.compile("\\bt\\('([a-zA-Z0-9_.-]+)'");
    for (Resource r : scripts()) {
      Matcher m = literalKey.matcher(read(r));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    Matcher m = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"")
        .matcher(read(RESOLVER.getResource("classpath:META-INF/resources/index.html")));
    while (m.find()) {
      used.add(m.group(1));
    }
    // keys built from values: every status, pillar status, outcome, condition, organisation and country
    for (String s : List.of("PENDING", "SURVEYED", "DEMARCATED", "RATIFIED", "DISPUTED")) {
      used.add("status." + s);
    }
    for (String s : List.of("PLANNED", "PLACED", "VERIFIED", "DAMAGED", "MISSING")) {
      used.add("pillarStatus." + s);
    }
    for (String s : List.of("SATISFACTORY", "ISSUES_FOUND", "FOLLOW_UP_REQUIRED")) {
      used.add("outcome." + s);
    }
    for (String s : List.of("GOOD", "DAMAGED", "MISSING", "DISPLACED")) {
      used.add("condition." + s);
    }
    for (String s : List.of("KH", "LA", "JBC")) {
      used.add("org." + s);
    }
    for (String s : List.of("DRUG_TRAFFICKING", "HUMAN_TRAFFICKING", "SMUGGLING", "ILLEGAL_LOGGING",
        "WILDLIFE_TRAFFICKING", "ILLEGAL_CROSSING", "ARMED_INCURSION", "TERRORISM", "UXO", "DISASTER", "OTHER")) {
      used.add("incidentType." + s);
    }
    for (String s : List.of("REPORTED", "VERIFIED", "CLOSED", "DISMISSED")) {
      used.add("incidentStatus." + s);
    }
    for (String s : List.of("-3", "-2", "-1", "0", "1", "2", "3")) {
      used.add("bin." + s);
    }
    for (String s : List.of("ADMIN", "COMMISSION", "PLANNER", "PATROL", "VIEWER")) {
      used.add("role." + s);
    }
    for (String s : List.of("no-edge", "over-budget", "not-chosen", "unreachable")) {
      used.add("patrol.skip." + s);
    }
    for (String s : List.of("point-to-point", "loop", "auto", "teams")) {
      used.add("mode." + s);
    }
    used.add("releasability.SHARED");
    used.add("releasability.NATIONAL");
    used.add("country.KH");
    used.add("country.LA");
    // keys of the sign-in feature (user.*) live in the security part of the bundle
    used.removeIf(k -> k.startsWith("user."));
    TreeSet<String> missing = new TreeSet<>(used);
    missing.removeAll(bundle.stringPropertyNames());
    assertThat(missing).as("keys used by the front end but missing from i18n/web.properties").isEmpty();
  }
}
