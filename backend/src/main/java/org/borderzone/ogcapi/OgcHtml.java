package org.borderzone.ogcapi;

import java.util.List;
import java.util.Map;
import org.borderzone.system.Markup;
import tools.jackson.databind.JsonNode;

/**
 * The HTML encoding of {@code /ogc} (Part 1 conformance class html): small, well-formed pages (every element
 * closed, so an XML parser reads them), no scripts, an {@code h1}, the links of the JSON form as anchors.
 * Every text that comes from data or the request is escaped ({@link #esc}).
 */
final class OgcHtml {

  private OgcHtml() {}

  /** Escapes text for element content and attribute values ({@link Markup#escape}). */
  static String esc(String s) {
    return Markup.escape(s);
  }

  static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>" + esc(title)
        + "</title></head><body><h1>" + esc(title) + "</h1>\n";
  }

  static String foot() {
    return "</body></html>\n";
  }

  static String links(List<OgcLinks.Link> links) {
    StringBuilder b = new StringBuilder("<h2>Links</h2><ul>");
    for (OgcLinks.Link l : links) {
      b.append("<li><a href=\"").append(esc(l.href())).append("\" rel=\"").append(esc(l.rel()))
          .append("\" type=\"").append(esc(l.type())).append("\">").append(esc(l.title() == null ? l.rel() : l.title()))
          .append("</a> (").append(esc(l.rel())).append(", ").append(esc(l.type())).append(")</li>");
    }
    return b.append("</ul>\n").toString();
  }

  static String paragraph(String text) {
    return "<p>" + esc(text) + "</p>\n";
  }

  static String list(List<String> items) {
    StringBuilder b = new StringBuilder("<ul>");
    items.forEach(i -> b.append("<li>").append(esc(i)).append("</li>"));
    return b.append("</ul>\n").toString();
  }

  /** A definition table of name/value pairs. */
  static String table(Map<String, String> rows) {
    StringBuilder b = new StringBuilder("<table><tbody>");
    rows.forEach((k, v) -> b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
        .append("</td></tr>"));
    return b.append("</tbody></table>\n").toString();
  }

  static String anchor(String href, String text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  /** The header row of a features table: id, the properties, the geometry type. */
  static String featuresHead(Collections.Collection c) {
    StringBuilder b = new StringBuilder("<table><thead><tr><th>id</th>");
    c.properties().forEach(p -> b.append("<th>").append(esc(p.name())).append("</th>"));
    return b.append("<th>geometry</th></tr></thead><tbody>\n").toString();
  }

  /** One row of a features table from the Feature JSON; the id links to the feature's page. */
  static String featureRow(Collections.Collection c, JsonNode f, String itemsUrl) {
    String id = f.path("id").asString("");
    StringBuilder b = new StringBuilder("<tr><td>").append(anchor(itemsUrl + "/" + id + "?f=html", id))
        .append("</td>");
    JsonNode props = f.path("properties");
    for (Collections.Property p : c.properties()) {
      JsonNode v = props.get(p.name());
      b.append("<td>").append(esc(v == null || v.isNull() ? "" : v.isString() ? v.asString() : v.toString()))
          .append("</td>");
    }
    JsonNode g = f.get("geometry");
    return b.append("<td>").append(esc(g == null || g.isNull() ? "" : g.path("type").asString("")))
        .append("</td></tr>\n").toString();
  }

  static String featuresFoot() {
    return "</tbody></table>\n";
  }
}
