package org.borderzone.system;

/**
 * Escaping of text for HTML and XHTML/XML, the one the server's own pages and documents use (the OGC API's HTML,
 * the minutes PDF's XHTML): {@code < > & " '} become entities, so the result is safe in element content and in
 * quoted attribute values; a control character that XML 1.0 forbids (all below U+0020 but tab, line feed and
 * carriage return) becomes a space, so an XML parser never refuses the document and no character is lost silently
 * without a trace of where it was.
 */
public final class Markup {

  private Markup() {}

  /** {@code s} escaped; null is the empty string. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? ' ' : c);
      }
    }
    return b.toString();
  }
}
