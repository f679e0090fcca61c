package org.borderzone.exchange;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.borderzone.i18n.Texts;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The minutes of one meeting as PDF ({@code GET /api/meetings/{id}/minutes.pdf}): an XHTML page built from the
 * meeting document ({@link MeetingSql#DOC}, the reader's view: an incident on the agenda only as Releasability
 * shows it) with every label from the server bundles in en, km or lo, rendered by openhtmltopdf (PDFBox) with the
 * web module's Noto Sans Khmer and Lao fonts embedded (subsets). A meeting not yet approved carries a DRAFT
 * watermark on every page; an approved one says when it was frozen and lists the signatures with their hashes.
 *
 * <p>Khmer and Lao: openhtmltopdf places one glyph per character and has no complex-script shaping (no
 * HarfBuzz): the text extracts correctly (each glyph maps back to its character), but Khmer subscript
 * consonants (coeng) and pre-base vowels are not reordered or stacked, so Khmer reads wrongly on paper; Lao,
 * mostly written in visual order, reads better but its stacked marks may collide (docs/EXCHANGE.md).
 */
@Component
class MinutesPdf {

  /** The fonts the web client serves ({@code web/…/fonts/noto-20201225/}), from the classpath. */
  static final String FONTS = "/META-INF/resources/fonts/noto-20201225/";

  private final JdbcClient jdbc;
  private final MessageSource messages;
  private final JsonMapper json;

  MinutesPdf(JdbcClient jdbc, MessageSource messages, JsonMapper json) {
    this.jdbc = jdbc;
    this.messages = messages;
    this.json = json;
  }

  /** Builds the page of a meeting document (JSON of {@link MeetingSql#DOC}) in {@code lang}. */
  String xhtml(String doc, String lang) {
    JsonNode m = json.readTree(doc);
    Texts t = new Texts(messages, Locale.forLanguageTag(lang));
    Map<String, String> names = new HashMap<>();
    jdbc.sql(MeetingSql.ORG_NAMES).query((rs, n) -> names.put(rs.getString(1), rs.getString(2))).list();
    boolean approved = "APPROVED".equals(m.path("state").asString());
    StringBuilder h = new StringBuilder(16_384);
    String font = switch (lang) {
      case "km" -> "'Noto Sans Khmer', 'Noto Sans Lao', sans-serif";
      case "lo" -> "'Noto Sans Lao', 'Noto Sans Khmer', sans-serif";
      default -> "sans-serif, 'Noto Sans Khmer', 'Noto Sans Lao'";
    };
    h.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"UTF-8\"/><title>")
        .append(esc(m.path("title").asString())).append("</title><style>")
        .append("@page { size: A4; margin: 18mm 16mm; }")
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

  /** Renders {@code xhtml} as PDF into {@code out} (the response: streamed, never held as a whole). */
  void render(String xhtml, OutputStream out) {
    try {
      PdfRendererBuilder b = new PdfRendererBuilder();
      b.useFastMode();
      font(b, "NotoSansKhmer-Regular.ttf", "Noto Sans Khmer", 400);
      font(b, "NotoSansKhmer-Bold.ttf", "Noto Sans Khmer", 700);
      font(b, "NotoSansLao-Regular.ttf", "Noto Sans Lao", 400);
      font(b, "NotoSansLao-Bold.ttf", "Noto Sans Lao", 700);
      b.withHtmlContent(xhtml, null);
      b.toStream(out);
      b.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void font(PdfRendererBuilder b, String file, String family, int weight) {
    b.useFont(() -> {
      InputStream in = MinutesPdf.class.getResourceAsStream(FONTS + file);
      return Objects.requireNonNull(in, () -> "font missing from the classpath: " + FONTS + file);
    }, family, weight, FontStyle.NORMAL, true);
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

  /** XML text escaping; characters XML 1.0 forbids (controls other than tab and newlines) are dropped. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
