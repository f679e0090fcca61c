package org.borderzone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (Deque, MPL-2.0) run inside the shared Chromium. It is not a webjar: {@code web/test-tools} pins it
 * (package.json and package-lock.json, installed by {@code make browser} with {@code npm ci}) and the test reads
 * {@code axe.min.js} from there. The script is injected through WebDriver, which the page's Content-Security-Policy
 * does not govern, so the page is checked exactly as it is served.
 */
final class Axe {

  /** Relative to the backend module, where Maven runs the tests. */
  private static final Path SCRIPT = Path.of("..", "web", "test-tools", "node_modules", "axe-core", "axe.min.js");
  private static String source;

  private Axe() {}

  private static synchronized String source() {
    if (source == null) {
      if (!Files.isRegularFile(SCRIPT)) {
        throw new IllegalStateException(SCRIPT.toAbsolutePath().normalize()
            + " is missing: run `make browser` (or `npm ci` in web/test-tools) first");
      }
      try {
        source = Files.readString(SCRIPT, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return source;
  }

  /** One violation: the rule, its impact and the CSS selectors of the elements it was found on. */
  record Violation(String view, String rule, String impact, String help, List<String> targets) {
    @Override
    public String toString() {
      return view + ": " + rule + " (" + impact + ") " + help + " at " + targets;
    }
  }

  /** Runs every WCAG 2 A/AA and best-practice rule of axe over the page as it is now. */
  @SuppressWarnings("unchecked")
  static List<Violation> run(WebDriver d, String view) {
    JavascriptExecutor js = (JavascriptExecutor) d;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(source());
    }
    List<Map<String, Object>> found = (List<Map<String, Object>>) js.executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 8).map((n) => n.target.join(' ')) }))))
          .catch((e) => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));
        """);
    List<Violation> out = new ArrayList<>();
    for (Map<String, Object> v : found) {
      out.add(new Violation(view, (String) v.get("id"), String.valueOf(v.get("impact")), (String) v.get("help"),
          (List<String>) v.get("targets")));
    }
    return out;
  }
}
