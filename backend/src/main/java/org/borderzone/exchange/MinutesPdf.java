package org.borderzone.exchange;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.borderzone.i18n.Texts;
import org.borderzone.system.ApiException;
import org.borderzone.system.Markup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The minutes of one meeting as PDF ({@code GET /api/meetings/{id}/minutes.pdf}): an XHTML page built from the
 * meeting document ({@link MeetingSql#DOC}, the reader's view: an incident on the agenda only as Releasability
 * shows it) with every label from the server bundles in en, km or lo, and the web module's Noto Sans Khmer and
 * Lao fonts embedded (subsets). A meeting not yet approved carries a DRAFT watermark on every page; an approved
 * one says when it was frozen and lists the signatures with their hashes.
 *
 * <p>Rendering ({@code borderzone.pdf.renderer}, docs/EXCHANGE.md "The PDF"): headless Chromium
 * ({@link MinutesChromium}) prints the page with HarfBuzz shaping, so Khmer subscript consonants (coeng) stack
 * and pre-base vowels stand before their consonant, and lines break between words (ICU dictionaries). Without a
 * Chromium binary the fallback is openhtmltopdf (PDFBox), which places one glyph per character: the text
 * extracts correctly but Khmer is wrong on paper; the server says so in its log and in the response header
 * {@code X-Pdf-Shaping: none}. Either way the PDF is rendered into a temporary file first (nothing is sent
 * before it is complete), at most {@code concurrent} at once, then streamed and deleted.
 */
@Component
@EnableConfigurationProperties(MinutesPdfConfig.class)
class MinutesPdf {

  private static final Logger log = LoggerFactory.getLogger(MinutesPdf.class);

  /** The fonts the web client serves ({@code web/…/fonts/noto-20201225/}), from the classpath. */
  static final String FONTS = "/META-INF/resources/fonts/noto-20201225/";

  private static final String KHMER = "U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC";
  private static final String LAO = "U+0E80-0EFF, U+200B-200D, U+25CC";

  /** File, CSS family, weight, and the code points it is used for (Chromium's {@code unicode-range}). */
  static final String[][] FACES = {
      {"NotoSansKhmer-Regular.ttf", "Noto Sans Khmer", "400", KHMER},
      {"NotoSansKhmer-Bold.ttf", "Noto Sans Khmer", "700", KHMER},
      {"NotoSansLao-Regular.ttf", "Noto Sans Lao", "400", LAO},
      {"NotoSansLao-Bold.ttf", "Noto Sans Lao", "700", LAO}};

  private static final String TEMP_PREFIX = "borderzone-pdf-";

  /** Who draws the page. */
  enum Renderer {
    /** Headless Chromium: HarfBuzz shaping, ICU line breaking; Khmer and Lao right on paper. */
    CHROMIUM,
    /** openhtmltopdf (PDFBox): one glyph per character, Khmer is not shaped (the fallback). */
    OPENHTMLTOPDF
  }

  /** A rendered PDF in its own temporary directory; {@link #close} deletes both. */
  record Pdf(Path dir, Path file, Renderer renderer, long millis) implements AutoCloseable {
    @Override
    public void close() {
      delete(dir);
    }
  }

  private final JdbcClient jdbc;
  private final MessageSource messages;
  private final JsonMapper json;
  private final MinutesPdfConfig config;
  private final Renderer renderer;
  private final MinutesChromium chromium;
  /** Renders running; package-private for the test of the refusal when full. */
  final Semaphore permits;

  MinutesPdf(JdbcClient jdbc, MessageSource messages, JsonMapper json, MinutesPdfConfig config) {
    this.jdbc = jdbc;
    this.messages = messages;
    this.json = json;
    this.config = config;
    this.permits = new Semaphore(Math.max(1, config.concurrent()), true);
    String wanted = config.renderer() == null ? "auto" : config.renderer().strip().toLowerCase(Locale.ROOT);
    Optional<Path> binary = MinutesChromium.locate(config.chromiumPath());
    switch (wanted) {
      case "chromium" -> {
        Path p = binary.orElseThrow(() -> new IllegalStateException("borderzone.pdf.renderer=chromium but no "
            + "executable chromium (borderzone.pdf.chromium-path=" + config.chromiumPath() + ", or on the PATH)"));
        this.renderer = Renderer.CHROMIUM;
        this.chromium = new MinutesChromium(p, config.timeout());
      }
      case "openhtmltopdf" -> {
        this.renderer = Renderer.OPENHTMLTOPDF;
        this.chromium = binary.map(p -> new MinutesChromium(p, config.timeout())).orElse(null);
      }
      case "auto" -> {
        this.chromium = binary.map(p -> new MinutesChromium(p, config.timeout())).orElse(null);
        this.renderer = chromium != null ? Renderer.CHROMIUM : Renderer.OPENHTMLTOPDF;
      }
      default -> throw new IllegalStateException(
          "borderzone.pdf.renderer must be auto, chromium or openhtmltopdf, not " + config.renderer());
    }
    if (renderer == Renderer.CHROMIUM) {
      log.info("minutes PDF: headless Chromium {} (timeout {}, {} at once)", chromium.binary(), config.timeout(),
          config.concurrent());
    } else {
      log.warn("minutes PDF: openhtmltopdf — Khmer is NOT shaped (subscript consonants and pre-base vowels are "
          + "wrong on paper); install Debian's chromium or set borderzone.pdf.chromium-path (docs/EXCHANGE.md)");
    }
    sweep();
  }

  /** Builds the page of a meeting document (JSON of {@link MeetingSql#DOC}) in {@code lang} for this renderer. */
  String xhtml(String doc, String lang) {
    return xhtml(doc, lang, renderer);
  }

  /**
   * Builds the page of a meeting document (JSON of {@link MeetingSql#DOC}) in {@code lang}. For Chromium the page
   * declares the served Noto fonts with {@code @font-face} (relative {@code fonts/…} files next to the page, each
   * limited to its script by {@code unicode-range}, so Latin falls through to the system's sans-serif) and a
   * Content-Security-Policy that allows nothing but inline styles and those files; openhtmltopdf gets the same
   * fonts through its builder instead.
   */
  String xhtml(String doc, String lang, Renderer r) {
    JsonNode m = json.readTree(doc);
    Texts t = new Texts(messages, Locale.forLanguageTag(lang));
    Map<String, String> names = new HashMap<>();
    jdbc.sql(MeetingSql.ORG_NAMES).query((rs, n) -> names.put(rs.getString(1), rs.getString(2))).list();
    boolean approved = "APPROVED".equals(m.path("state").asString());
    StringBuilder h = new StringBuilder(16_384);
    boolean chromium = r == Renderer.CHROMIUM;
    String font = switch (lang) {
      case "km" -> "'Noto Sans Khmer', 'Noto Sans Lao', sans-serif";
      case "lo" -> "'Noto Sans Lao', 'Noto Sans Khmer', sans-serif";
      default -> chromium ? "'Noto Sans Khmer', 'Noto Sans Lao', sans-serif" : "sans-serif, 'Noto Sans Khmer', 'Noto Sans Lao'";
    };
    h.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"UTF-8\"/>");
    if (chromium) {
      h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';")
          .append(" font-src file:\"/>");
    }
    h.append("<title>").append(esc(m.path("title").asString())).append("</title><style>");
    if (chromium) {
      for (String[] f : FACES) {
        h.append("@font-face { font-family: '").append(f[1]).append("'; src: url('fonts/").append(f[0])
            .append("') format('truetype'); font-weight: ").append(f[2]).append("; unicode-range: ").append(f[3])
            .append("; }");
      }
      h.append(":lang(km) { font-family: 'Noto Sans Khmer', 'Noto Sans Lao', sans-serif; }")
          .append(":lang(lo) { font-family: 'Noto Sans Lao', 'Noto Sans Khmer', sans-serif; }");
    }
    h.append("@page { size: A4; margin: 18mm 16mm; }")
        .append("body { font-family: ").append(font).append("; font-size: 10.5pt; color: #111; line-height: 1.45; }")
        .append("h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt;")
        .append(" border-bottom: 0.6pt solid #888; }")
        .append("table { border-collapse: collapse; width: 100%; } td, th { text-align: left; vertical-align: top;")
        .append(" padding: 2pt 4pt; border-bottom: 0.3pt solid #ccc; } th { font-weight: bold; }")
        .append(".meta td:first-child { width: 28%; color: #444; } .hash { font-family: monospace; font-size: 8pt; }")
        .append(".minutes { white-space: pre-wrap; } .muted { color: #555; } .overdue { color: #b3261e; }")
        .append(".approved { border: 1pt solid #1b5e20; color: #1b5e20; padding: 4pt; margin-top: 8pt; }")
        .append(".watermark { position: fixed; top: 95mm; left: 0; width: 100%; text-align: center;")
        .append(" font-size: 96pt; color: #e4e4e4; transform: rotate(-30deg); z-index: -1; }")
        .append("</style></head><body>");
    if (!approved) {
      h.append("<div class=\"watermark\">").append(esc(t.get("meetings.pdf.draft", "DRAFT"))).append("</div>");
    }
    h.append("<h1>").append(esc(m.path("title").asString())).append("</h1>");
    h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.minutes", "Minutes"))).append(" · ")
        .append(esc(t.get("meetings.kind." + m.path("kind").asString(), m.path("kind").asString()))).append("</p>");
    h.append("<table class=\"meta\">");
    row(h, t.get("meetings.pdf.kind", "Kind"), t.get("meetings.kind." + m.path("kind").asString(), ""));
    row(h, t.get("meetings.pdf.date", "Date"), t.formats().dateTime(instant(m.path("startsAt").asString())));
    row(h, t.get("meetings.pdf.place", "Place"), m.path("place").isNull() ? "–" : m.path("place").asString());
    StringBuilder parties = new StringBuilder();
    for (JsonNode p : m.path("parties")) {
      parties.append(parties.length() > 0 ? "; " : "").append(orgName(p.asString(), names));
    }
    row(h, t.get("meetings.pdf.parties", "Parties"), parties.toString());
    row(h, t.get("meetings.pdf.state", "State"), t.get("meetings.state." + m.path("state").asString(), ""));
    h.append("</table>");

    h.append("<h2>").append(esc(t.get("meetings.pdf.attendees", "Attendees"))).append("</h2>");
    for (JsonNode p : m.path("parties")) {
      h.append("<p><b>").append(esc(orgName(p.asString(), names))).append("</b>: ");
      StringBuilder who = new StringBuilder();
      for (JsonNode a : m.path("attendees")) {
        if (a.path("org").asString().equals(p.asString())) {
          who.append(who.length() > 0 ? "; " : "").append(a.path("name").asString());
          if (!a.path("position").isNull()) {
            who.append(" (").append(a.path("position").asString()).append(")");
          }
        }
      }
      h.append(esc(who.length() == 0 ? t.get("meetings.pdf.none", "none") : who.toString())).append("</p>");
    }

    h.append("<h2>").append(esc(t.get("meetings.pdf.agenda", "Agenda"))).append("</h2>");
    if (m.path("agenda").isEmpty()) {
      h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.none", "none"))).append("</p>");
    } else {
      h.append("<ol>");
      for (JsonNode g : m.path("agenda")) {
        h.append("<li>").append(esc(g.path("title").asString()));
        JsonNode ref = g.path("ref");
        if (!ref.isMissingNode() && !ref.isNull()) {
          String kind = t.get("meetings.pdf.ref." + ref.path("kind").asString(), ref.path("kind").asString());
          String what = ref.path("hidden").asBoolean(false) ? t.get("meetings.pdf.hidden", "not visible")
              : ref.path("name").asString();
          h.append(" <span class=\"muted\">(").append(esc(t.get("meetings.pdf.link", "{0}: {1}", kind, what)))
              .append(")</span>");
        }
        if (!g.path("notes").isNull() && !g.path("notes").isMissingNode()) {
          h.append("<br/><span class=\"muted\">").append(esc(g.path("notes").asString())).append("</span>");
        }
        h.append("</li>");
      }
      h.append("</ol>");
    }

    h.append("<h2>").append(esc(t.get("meetings.pdf.decisions", "Decisions"))).append("</h2>");
    if (m.path("decisions").isEmpty()) {
      h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.none", "none"))).append("</p>");
    } else {
      h.append("<ol>");
      for (JsonNode d : m.path("decisions")) {
        h.append("<li>").append(esc(d.path("text").asString())).append("</li>");
      }
      h.append("</ol>");
    }

    h.append("<h2>").append(esc(t.get("meetings.pdf.actions", "Action items"))).append("</h2>");
    if (m.path("actions").isEmpty()) {
      h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.none", "none"))).append("</p>");
    } else {
      h.append("<table><tr><th>").append(esc(t.get("meetings.pdf.action", "Action"))).append("</th><th>")
          .append(esc(t.get("meetings.pdf.owner", "Owner"))).append("</th><th>")
          .append(esc(t.get("meetings.pdf.due", "Due"))).append("</th><th>")
          .append(esc(t.get("meetings.pdf.state", "State"))).append("</th></tr>");
      for (JsonNode a : m.path("actions")) {
        boolean overdue = a.path("overdue").asBoolean(false);
        h.append("<tr><td>").append(esc(a.path("text").asString())).append("</td><td>")
            .append(esc(a.path("ownerOrg").asString())).append("</td><td>")
            .append(esc(t.formats().mediumDate(LocalDate.parse(a.path("dueDate").asString())))).append("</td><td")
            .append(overdue ? " class=\"overdue\">" : ">")
            .append(esc(t.get("meetings.action." + a.path("state").asString(), a.path("state").asString())))
            .append(overdue ? esc(" · " + t.get("meetings.pdf.overdue", "overdue")) : "").append("</td></tr>");
      }
      h.append("</table>");
    }

    h.append("<h2>").append(esc(t.get("meetings.pdf.minutes-text", "Minutes"))).append("</h2>");
    String minutes = m.path("minutes").isNull() ? null : m.path("minutes").asString();
    h.append(minutes == null ? "<p class=\"muted\">" + esc(t.get("meetings.pdf.none", "none")) + "</p>"
        : "<div class=\"minutes\">" + esc(minutes) + "</div>");
    if (minutes != null) {
      h.append("<p class=\"hash\">SHA-256 ").append(esc(m.path("minutesSha256").asString())).append("</p>");
    }

    h.append("<h2>").append(esc(t.get("meetings.pdf.signatures", "Signatures"))).append("</h2>");
    if (m.path("signatures").isEmpty()) {
      h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.none", "none"))).append("</p>");
    } else {
      h.append("<table>");
      for (JsonNode s : m.path("signatures")) {
        boolean lapsed = !s.path("lapsedAt").isNull();
        h.append("<tr><td").append(lapsed ? " class=\"muted\">" : ">")
            .append(esc(t.get("meetings.pdf.signed-by", "{0} for {1}, {2}", s.path("signedBy").asString(),
                orgName(s.path("org").asString(), names), t.formats().dateTime(instant(s.path("signedAt").asString())))));
        if (lapsed) {
          h.append(" · ").append(esc(t.get("meetings.pdf.lapsed", "lapsed {0}",
              t.formats().dateTime(instant(s.path("lapsedAt").asString())))));
        }
        h.append("<br/><span class=\"hash\">SHA-256 ").append(esc(s.path("sha256").asString()))
            .append("</span></td></tr>");
      }
      h.append("</table>");
    }
    if (approved) {
      h.append("<p class=\"approved\">").append(esc(t.get("meetings.pdf.approved", "APPROVED and frozen on {0}",
          t.formats().dateTime(instant(m.path("frozenAt").asString()))))).append("</p>");
    } else {
      h.append("<p class=\"muted\">").append(esc(t.get("meetings.pdf.draft-note", "Draft"))).append("</p>");
    }
    h.append("</body></html>");
    return h.toString();
  }

  /**
   * Renders the minutes of {@code doc} in {@code lang} into a temporary file with the configured renderer. At
   * most {@code borderzone.pdf.concurrent} renders run at once; one more is refused at once with 503 and
   * Retry-After (never queued). The caller streams {@link Pdf#file} and closes the result, which deletes it.
   */
  Pdf render(String doc, String lang) {
    return render(doc, lang, renderer);
  }

  /** {@link #render(String, String)} with a given renderer (the tests compare both on the same page). */
  Pdf render(String doc, String lang, Renderer r) {
    if (r == Renderer.CHROMIUM && chromium == null) {
      throw new IllegalStateException("no chromium binary (borderzone.pdf.chromium-path)");
    }
    String page = xhtml(doc, lang, r);
    if (!permits.tryAcquire()) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.overloaded",
          List.of(new ApiException.FieldError("request", "error.meetings.pdf-busy", config.concurrent())));
    }
    Path dir = null;
    try {
      long t0 = System.nanoTime();
      dir = Files.createTempDirectory(TEMP_PREFIX);
      Path out = dir.resolve("minutes.pdf");
      if (r == Renderer.CHROMIUM) {
        Path fonts = Files.createDirectory(dir.resolve("fonts"));
        for (String[] f : FACES) {
          try (InputStream in = fontStream(f[0])) {
            Files.copy(in, fonts.resolve(f[0]));
          }
        }
        Path html = dir.resolve("minutes.html");
        Files.writeString(html, page, StandardCharsets.UTF_8);
        chromium.print(dir, html, out);
      } else {
        try (OutputStream o = Files.newOutputStream(out)) {
          openhtmltopdf(page, o);
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      log.debug("minutes PDF ({}, {}) rendered by {} in {} ms", lang, Files.size(out), r, ms);
      Pdf pdf = new Pdf(dir, out, r, ms);
      dir = null;
      return pdf;
    } catch (MinutesChromium.Timeout e) {
      log.warn("minutes PDF: {}; killed", e.getMessage());
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.timeout",
          List.of(new ApiException.FieldError("request", "error.meetings.pdf-timeout", config.timeout().toSeconds())));
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException a) {
        throw a;
      }
      log.error("minutes PDF could not be rendered by {}", r, e);
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.overloaded",
          List.of(new ApiException.FieldError("request", "error.meetings.pdf-failed")));
    } finally {
      permits.release();
      if (dir != null) {
        delete(dir);
      }
    }
  }

  /** The renderer in use: {@code auto} resolved at start. */
  Renderer renderer() {
    return renderer;
  }

  /** Renders {@code xhtml} with openhtmltopdf (PDFBox) into {@code out}: no complex-script shaping. */
  private static void openhtmltopdf(String xhtml, OutputStream out) throws IOException {
    PdfRendererBuilder b = new PdfRendererBuilder();
    b.useFastMode();
    for (String[] f : FACES) {
      font(b, f[0], f[1], Integer.parseInt(f[2]));
    }
    b.withHtmlContent(xhtml, null);
    b.toStream(out);
    b.run();
  }

  private static InputStream fontStream(String file) {
    InputStream in = MinutesPdf.class.getResourceAsStream(FONTS + file);
    return Objects.requireNonNull(in, () -> "font missing from the classpath: " + FONTS + file);
  }

  /** Deletes a render's directory (page, fonts, Chromium profile, PDF); what cannot be deleted is logged. */
  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          log.warn("minutes PDF: cannot delete {}: {}", f, e.getMessage());
        }
      });
    } catch (IOException e) {
      log.warn("minutes PDF: cannot delete {}: {}", dir, e.getMessage());
    }
  }

  /** Directories of renders older than an hour (a crashed server's) are removed at start. */
  private static void sweep() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Instant cutoff = Instant.now().minus(Duration.ofHours(1));
    try (DirectoryStream<Path> old = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
      for (Path d : old) {
        if (Files.isDirectory(d) && Files.getLastModifiedTime(d).toInstant().isBefore(cutoff)) {
          delete(d);
        }
      }
    } catch (IOException e) {
      log.warn("minutes PDF: cannot sweep {}: {}", tmp, e.getMessage());
    }
  }

  private static void font(PdfRendererBuilder b, String file, String family, int weight) {
    b.useFont(() -> fontStream(file), family, weight, FontStyle.NORMAL, true);
  }

  private static Instant instant(String iso) {
    return OffsetDateTime.parse(iso).toInstant();
  }

  private static String orgName(String code, Map<String, String> names) {
    String n = names.get(code);
    return n == null ? code : n + " (" + code + ")";
  }

  private static void row(StringBuilder h, String label, String value) {
    h.append("<tr><td>").append(esc(label)).append("</td><td>").append(esc(value)).append("</td></tr>");
  }

  /** Escapes text for element content and attribute values ({@link Markup#escape}). */
  static String esc(String s) {
    return Markup.escape(s);
  }
}
