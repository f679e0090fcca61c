package org.borderzone.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Khmer and Lao texts are complete (fast tier: no database, no server). For both bundle families, the server's
 * {@code messages*.properties} and the web client's {@code i18n/web*.properties}:
 * <ul>
 *   <li>the files are valid UTF-8 and hold no key twice (a second one would silently win);</li>
 *   <li>every key of the English base exists in {@code _km} and {@code _lo}, and they hold no other key;</li>
 *   <li>each text has the same set of {@code {n}} placeholders as the English one;</li>
 *   <li>no km/lo text equals the English text, and every km text holds Khmer script (U+1780–17FF) and every lo
 *       text Lao script (U+0E80–0EFF), unless the key is in {@link #SAME_AS_ENGLISH} (codes and the brand);</li>
 *   <li>no text holds U+FFFD (a broken conversion) or a zero-width space / BOM at either end;</li>
 *   <li>texts formatted by {@link MessageFormat} on the server (every server message, the web bundle's
 *       {@code login.*}) fill every placeholder: an apostrophe must be doubled there, or it swallows them.</li>
 * </ul>
 * {@link #webClientUsesOnlyKnownKeys()} and {@link #serverUsesOnlyKnownKeys()} check the other direction: every key
 * the JavaScript, the HTML or the Java code names exists in the English base. A native speaker's corrections
 * go through the same checks (docs/GLOSSARY.md says how).
 */
class BundlesTest {

  /** The two families, by classpath base name: the server's texts and the web client's. */
  private static final List<String> FAMILIES = List.of("messages", "i18n/web");

  private static final Map<String, IntPredicate> SCRIPT = Map.of(
      "km", c -> (c >= 0x1780 && c <= 0x17FF) || (c >= 0x19E0 && c <= 0x19FF),
      "lo", c -> c >= 0x0E80 && c <= 0x0EFF);

  /**
   * Keys whose text is the same in every language, each for a reason: data codes, units and format names that
   * stay as they are (GLOSSARY.md, "kept as they are"), the brand name, and texts made of placeholders only.
   */
  static final Set<String> SAME_AS_ENGLISH = Set.of(
      "app.title", "login.heading",                      // the brand name
      "attribution.geonames",                            // a source name and its licence
      "unit.km", "sector.km",                            // the unit symbol km
      "cluster.label", "user.signed-in-as", "error.constraint", // placeholders and separators only
      "locationSource.gps",                               // GPS, a code
      "export.format.geojson", "export.format.csv", "export.format.kml", // format names
      "export.format.gpkg", "export.format.fgb");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

  // ---------------------------------------------------------------------------------------------- the bundles

  @Test
  void everyKeyOfTheEnglishBaseHasAKhmerAndALaoTextAndNoOther() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String family : FAMILIES) {
      Map<String, String> base = load(family, "");
      for (String lang : SCRIPT.keySet()) {
        Map<String, String> tr = load(family, "_" + lang);
        Set<String> missing = new TreeSet<>(base.keySet());
        missing.removeAll(tr.keySet());
        Set<String> extra = new TreeSet<>(tr.keySet());
        extra.removeAll(base.keySet());
        if (!missing.isEmpty()) {
          problems.add(family + "_" + lang + " lacks " + missing.size() + " key(s): " + missing);
        }
        if (!extra.isEmpty()) {
          problems.add(family + "_" + lang + " has key(s) the English base has not: " + extra);
        }
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void placeholdersAreTheSameAsInEnglish() throws IOException {
    List<String> problems = new ArrayList<>();
    forEachTranslation((family, lang, key, english, text) -> {
      if (!placeholders(english).equals(placeholders(text))) {
        problems.add(family + "_" + lang + " " + key + ": placeholders " + placeholders(text) + ", English has "
            + placeholders(english));
      }
    });
    assertNoProblems(problems);
  }

  @Test
  void noTextIsLeftInEnglishAndEachIsInItsScript() throws IOException {
    List<String> problems = new ArrayList<>();
    forEachTranslation((family, lang, key, english, text) -> {
      if (key.equals("app.lang")) { // the language tag the page declares (<html lang>)
        if (!text.equals(lang)) {
          problems.add(family + "_" + lang + " app.lang is " + text + ", not " + lang);
        }
        return;
      }
      if (SAME_AS_ENGLISH.contains(key)) {
        return;
      }
      if (text.strip().equals(english.strip())) {
        problems.add(family + "_" + lang + " " + key + " is still the English text: " + english);
      } else if (text.codePoints().noneMatch(SCRIPT.get(lang))) {
        problems.add(family + "_" + lang + " " + key + " holds no " + lang + " script: " + text);
      }
    });
    assertNoProblems(problems);
  }

  @Test
  void noReplacementCharacterNorZeroWidthSpaceAtTheEnds() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String family : FAMILIES) {
      for (String suffix : List.of("", "_km", "_lo")) {
        load(family, suffix).forEach((key, text) -> {
          if (text.indexOf('\uFFFD') >= 0) {
            problems.add(family + suffix + " " + key + " holds U+FFFD (a broken conversion)");
          }
          if (!text.isEmpty() && (invisible(text.charAt(0)) || invisible(text.charAt(text.length() - 1)))) {
            problems.add(family + suffix + " " + key + " starts or ends with a zero-width space, joiner or BOM");
          }
        });
      }
    }
    assertNoProblems(problems);
  }

  @Test
  void serverFormattedTextsFillEveryPlaceholder() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String family : FAMILIES) {
      for (String suffix : List.of("", "_km", "_lo")) {
        load(family, suffix).forEach((key, text) -> {
          boolean formatted = family.equals("messages") || key.startsWith("login.");
          Set<Integer> wanted = placeholders(text);
          if (!formatted || wanted.isEmpty()) {
            return;
          }
          Object[] args = IntStream.rangeClosed(0, wanted.stream().mapToInt(i -> i).max().orElse(0))
              .mapToObj(i -> "\u27E8" + i + "\u27E9").toArray();
          String out;
          try {
            out = new MessageFormat(text, Locale.ROOT).format(args);
          } catch (IllegalArgumentException e) {
            problems.add(family + suffix + " " + key + " is not a valid MessageFormat pattern: " + e.getMessage());
            return;
          }
          for (int i : wanted) {
            if (!out.contains("\u27E8" + i + "\u27E9")) {
              problems.add(family + suffix + " " + key + " swallows {" + i + "} (a single apostrophe? write '')");
            }
          }
        });
      }
    }
    assertNoProblems(problems);
  }

  // ------------------------------------------------------------------------------- keys named by the code

  /** Web client files: {@code t('key')}, {@code data-i18n*="key"}, and key-like string literals. */
  private static final Path WEB = Path.of("..", "web", "src", "main", "resources", "META-INF", "resources");
  private static final Pattern T_LITERAL = Pattern.compile("\\bt\\(\\s*(['\"`])([^'\"`$]+)\\1");
  private static final Pattern DATA_I18N = Pattern.compile("data-i18n(?:-[a-z-]+)?=\"([^\"]+)\"");
  private static final Pattern T_DYNAMIC = Pattern.compile("\\bt\\(\\s*`([^`$]*)\\$\\{[^}`]*}([^`$]*)`");
  private static final Pattern QUOTED = Pattern.compile("(['\"])([A-Za-z][\\w-]*(?:\\.[\\w-]+)+)\\1");
  private static final Pattern FILE_NAME = Pattern.compile(
      ".*\\.(js|mjs|css|html|json|geojson|csv|png|svg|jpg|pbf|mvt|woff2?|ttf|kml|gpx|gpkg|fgb|txt|md)$");

  /**
   * Keys the web client builds at run time ({@code t(`status.${s}`)}), and the values they are built from: an
   * enumeration of the server (its constants, by name) or the fixed list the server or the client uses. A new
   * dynamic prefix in the JavaScript fails the test until it is listed here.
   */
  static Map<String, List<String>> dynamicKeys() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("status.", constants("org.borderzone.segments.SegmentStatus"));
    m.put("pillarStatus.", constants("org.borderzone.pillars.PillarStatus"));
    m.put("incidentType.", constants("org.borderzone.incidents.IncidentType"));
    m.put("incidentStatus.", constants("org.borderzone.incidents.IncidentStatus"));
    m.put("incident.mark.", constants("org.borderzone.incidents.IncidentStatus").stream()
        .filter(s -> !s.equals("REPORTED")).toList()); // the targets of a status change; REPORTED is the start
    m.put("outcome.", constants("org.borderzone.inspections.Outcome"));
    m.put("condition.", constants("org.borderzone.inspections.Condition"));
    m.put("role.", constants("org.borderzone.system.Role"));
    m.put("emerging.", constants("org.borderzone.hotspots.EmergingClassifier$Category"));
    m.put("network.", constants("org.borderzone.patrol.graph.Kind").stream()
        .map(s -> s.toLowerCase(Locale.ROOT)).toList()); // Kind.wire()
    m.put("profile.", constants("org.borderzone.patrol.graph.TravelProfile").stream()
        .map(s -> s.toLowerCase(Locale.ROOT)).toList());
    m.put("org.", List.of("KH", "LA", "JBC"));           // Organisations: the two countries and the joint body
    m.put("country.", List.of("KH", "LA"));              // isoA2 of the country outlines in data/basemap
    m.put("releasability.", List.of("SHARED", "NATIONAL"));
    m.put("exchange.orgs.kind.", constants("org.borderzone.system.Organisations$Kind")); // the admin page
    m.put("severity.", List.of("1", "2", "3", "4", "5"));
    m.put("bin.", List.of("-3", "-2", "-1", "0", "1", "2", "3")); // Gi* confidence bins
    m.put("baseKind.", List.of("CHECKPOINT", "POST", "BASE"));
    m.put("planStatus.", List.of("PLANNED", "DONE", "CANCELLED")); // PlanService.STATUSES
    m.put("importState.", List.of("QUEUED", "VALIDATING", "LOADING", "DONE", "FAILED"));
    m.put("mode.", List.of("point-to-point", "loop", "auto", "teams"));
    m.put("patrol.role.", List.of("base", "start", "end", "stop", "checkpoint"));
    m.put("patrol.skip.", List.of("no-edge", "over-budget", "not-chosen", "unreachable", "other-team"));
    m.put("export.dataset.", List.of("incidents", "segments", "pillars", "inspections", "patrol-plans"));
    m.put("export.format.", List.of("geojson", "csv", "kml", "gpkg", "fgb"));
    m.put("chart.month.", IntStream.rangeClosed(1, 12).mapToObj(String::valueOf).toList()); // js/charts: month 1–12
    m.put("live.", List.of("open", "connecting", "closed"));
    m.put("exchange.release.field.", org.borderzone.incidents.Releasability.WITHHELD_FIELDS); // js/exchange/release.js
    m.put("exchange.release.state.", List.of("OPEN", "WITHDRAWN")); // ReleaseSql: the state of a release  // js/live.js: the states of the event stream
    m.put("locationSource.", List.of("gps", "manual", "map", "photo")); // the phone's report: where the point came from
    m.put("outbox.state.", List.of("queued", "sending", "sent", "rejected")); // js/outbox.js: a queued report's state
    // js/exchange/inbox.js: the words of liaison messages (exchange/MessageModel) and the form's fields
    m.put("exchange.inbox.kind.", constants("org.borderzone.exchange.MessageModel$Kind"));
    m.put("exchange.inbox.precedence.", constants("org.borderzone.exchange.MessageModel$Precedence"));
    m.put("exchange.inbox.state.", constants("org.borderzone.exchange.MessageModel$State"));
    m.put("exchange.inbox.history.", constants("org.borderzone.exchange.MessageModel$State"));
    m.put("exchange.inbox.box.", List.of("inbox", "sent", "all"));
    m.put("exchange.inbox.attachment.", List.of("incident", "segment", "pillar", "place"));
    m.put("exchange.inbox.field.", List.of("kind", "precedence", "to", "subject", "body"));
    // js/exchange/cases.js (issue 12): a joint case's state, kind, decision and timeline events (exchange.CaseRequests)
    m.put("exchange.cases.state.", constants("org.borderzone.exchange.CaseRequests$State"));
    m.put("exchange.cases.kind.", constants("org.borderzone.exchange.CaseRequests$Kind"));
    m.put("exchange.cases.decision.", List.of("CONFIRMED", "REJECTED"));
    m.put("exchange.cases.event.", List.of("incident", "proposed", "confirmed", "rejected", "opened",
        "incident-added", "closed", "message")); // CaseSql.DETAIL's timeline
    return m;
  }

  @Test
  void webClientUsesOnlyKnownKeys() throws IOException {
    assertTrue(Files.isDirectory(WEB), "web client sources not found at " + WEB.toAbsolutePath());
    Set<String> keys = load("i18n/web", "").keySet();
    Set<String> prefixes = keys.stream().map(k -> k.substring(0, k.indexOf('.') + 1)).collect(Collectors.toSet());
    Map<String, List<String>> dynamic = dynamicKeys();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(WEB)) {
      files = s.filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".html")).sorted().toList();
    }
    for (Path f : files) {
      String src = Files.readString(f, StandardCharsets.UTF_8);
      String name = WEB.relativize(f).toString();
      Set<String> named = new TreeSet<>();
      collect(T_LITERAL, 2, src, named);
      collect(DATA_I18N, 1, src, named);
      Matcher q = QUOTED.matcher(src); // 'legend.title' handed to t() later, a ternary inside t(…)
      while (q.find()) {
        String lit = q.group(2);
        if (prefixes.contains(lit.substring(0, lit.indexOf('.') + 1)) && !FILE_NAME.matcher(lit).matches()) {
          named.add(lit);
        }
      }
      for (String k : named) {
        checked++;
        if (!keys.contains(k)) {
          problems.add(name + " names " + k + ", which web.properties lacks");
        }
      }
      Map<String, Set<String>> built = new LinkedHashMap<>(); // prefix → the texts after ${…}: "" or ".title"
      Matcher d = T_DYNAMIC.matcher(src);
      while (d.find()) {
        built.computeIfAbsent(d.group(1), x -> new TreeSet<>()).add(d.group(2));
      }
      for (String prefix : built.keySet()) {
        List<String> values = dynamic.get(prefix);
        if (values == null) {
          problems.add(name + " builds keys t(`" + prefix + "${…}`): list where the values come from in "
              + "BundlesTest.dynamicKeys()");
          continue;
        }
        for (String v : values) {
          for (String suffix : built.get(prefix)) {
            checked++;
            if (!keys.contains(prefix + v + suffix)) {
              problems.add(name + " builds " + prefix + v + suffix + ", which web.properties lacks");
            }
          }
        }
      }
    }
    assertNoProblems(problems);
    assertTrue(checked > 100, "only " + checked + " key uses found: is the scan still matching the client?");
  }

  @Test
  void serverUsesOnlyKnownKeys() throws IOException {
    Path main = Path.of("src", "main", "java");
    assertTrue(Files.isDirectory(main), "server sources not found at " + main.toAbsolutePath());
    Set<String> messages = load("messages", "").keySet();
    Set<String> web = load("i18n/web", "").keySet();
    Pattern code = Pattern.compile("\"((?:error|problem)\\.[\\w.-]+)\"");
    Pattern login = Pattern.compile("\"(login\\.[\\w.-]+)\"");
    List<String> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(main)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    int checked = 0;
    for (Path f : files) {
      String src = Files.readString(f, StandardCharsets.UTF_8);
      Matcher m = code.matcher(src);
      while (m.find()) {
        checked++;
        String k = m.group(1);
        // a problem code names its texts: problem.x.title (and .detail where it has one)
        if (!messages.contains(k) && !messages.contains(k + ".title")) {
          problems.add(main.relativize(f) + " names " + k + ", which messages.properties lacks");
        }
      }
      Matcher l = login.matcher(src);
      while (l.find()) {
        checked++;
        if (!web.contains(l.group(1))) {
          problems.add(main.relativize(f) + " names " + l.group(1) + ", which i18n/web.properties lacks");
        }
      }
    }
    assertNoProblems(problems);
    assertTrue(checked > 100, "only " + checked + " key uses found: is the scan still matching the server?");
  }

  // ------------------------------------------------------------------------------------------------- helpers

  interface TextCheck {
    void check(String family, String lang, String key, String english, String text);
  }

  private static void forEachTranslation(TextCheck c) throws IOException {
    for (String family : FAMILIES) {
      Map<String, String> base = load(family, "");
      for (String lang : SCRIPT.keySet()) {
        Map<String, String> tr = load(family, "_" + lang);
        base.forEach((key, english) -> {
          if (tr.containsKey(key)) {
            c.check(family, lang, key, english, tr.get(key));
          }
        });
      }
    }
  }

  /**
   * One bundle file from the classpath: decoded strictly as UTF-8 (a malformed byte fails the test), each key
   * once, then parsed as {@link Properties} (so escaped characters are resolved).
   */
  static Map<String, String> load(String family, String suffix) throws IOException {
    String resource = family + suffix + ".properties";
    byte[] bytes;
    try (InputStream in = BundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        fail(resource + " is not on the classpath");
      }
      bytes = in.readAllBytes();
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError(resource + " is not valid UTF-8: " + e);
    }
    Set<String> seen = new TreeSet<>();
    List<String> twice = new ArrayList<>();
    boolean continued = false;
    for (String line : text.split("\r?\n", -1)) {
      String l = line.strip();
      boolean wasContinued = continued;
      continued = !l.startsWith("#") && endsWithOddBackslashes(l);
      if (wasContinued || l.isEmpty() || l.startsWith("#") || l.startsWith("!")) {
        continue;
      }
      int eq = l.indexOf('=');
      String key = (eq < 0 ? l : l.substring(0, eq)).strip();
      if (!seen.add(key)) {
        twice.add(key);
      }
    }
    assertEquals(List.of(), twice, resource + " holds these keys more than once (the last one wins silently)");
    Properties p = new Properties();
    p.load(new StringReader(text));
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : new TreeSet<>(p.stringPropertyNames())) {
      out.put(k, p.getProperty(k));
    }
    return out;
  }

  private static boolean endsWithOddBackslashes(String l) {
    int n = 0;
    for (int i = l.length() - 1; i >= 0 && l.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  private static Set<Integer> placeholders(String text) {
    Set<Integer> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  private static boolean invisible(char c) {
    return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\uFEFF';
  }

  private static void collect(Pattern p, int group, String src, Set<String> into) {
    Matcher m = p.matcher(src);
    while (m.find()) {
      into.add(m.group(group));
    }
  }

  private static List<String> constants(String className) {
    try {
      Object[] values = Class.forName(className).getEnumConstants();
      return Stream.of(values).map(v -> ((Enum<?>) v).name()).toList();
    } catch (ClassNotFoundException e) {
      throw new AssertionError("the enumeration " + className + " moved: update BundlesTest.dynamicKeys()", e);
    }
  }

  private static void assertNoProblems(List<String> problems) {
    if (!problems.isEmpty()) {
      fail(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
  }
}
