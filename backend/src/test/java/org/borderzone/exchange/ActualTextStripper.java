package org.borderzone.exchange;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequence;
import org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequenceWithProperties;
import org.apache.pdfbox.contentstream.operator.markedcontent.EndMarkedContentSequence;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDFBox's {@link PDFTextStripper} that also honours {@code /Span <</ActualText …>> BDC … EMC} (ISO 32000-1
 * §14.9.4), which PDFBox 3.0 ignores. Chromium (Skia) draws shaped Khmer in visual order (the pre-base vowel
 * first) with substituted glyphs that have no code point of their own, and wraps each such cluster in a span
 * whose ActualText is the logical text, as viewers (poppler, PDFium, Acrobat) read it for search and copy. This
 * stripper replaces the glyphs of such a span by one text position carrying its ActualText, placed where the
 * glyphs were; everything else is PDFTextStripper's. The ToUnicode of glyphs outside spans is used as usual.
 */
final class ActualTextStripper extends PDFTextStripper {

  /** For each open marked-content sequence: its ActualText, or null. */
  private final Deque<String> open = new ArrayDeque<>();
  private final List<TextPosition> inSpan = new ArrayList<>();
  private String actual;

  ActualTextStripper() {
    // PDFTextStripper registers no marked-content operators: without these the hooks below are never called
    addOperator(new BeginMarkedContentSequence(this));
    addOperator(new BeginMarkedContentSequenceWithProperties(this));
    addOperator(new EndMarkedContentSequence(this));
  }

  static String text(PDDocument doc) throws IOException {
    return new ActualTextStripper().getText(doc);
  }

  @Override
  public void beginMarkedContentSequence(COSName tag, COSDictionary properties) {
    String a = properties == null ? null : properties.getString(COSName.ACTUAL_TEXT);
    open.push(a == null ? "" : a);
    if (a != null && actual == null) {
      actual = a;
      inSpan.clear();
    }
    super.beginMarkedContentSequence(tag, properties);
  }

  @Override
  public void endMarkedContentSequence() {
    String a = open.isEmpty() ? "" : open.pop();
    if (!a.isEmpty() && actual != null && open.stream().noneMatch(s -> !s.isEmpty())) {
      String text = actual;
      actual = null;
      if (!inSpan.isEmpty()) {
        super.processTextPosition(merged(text, inSpan));
      }
      inSpan.clear();
    }
    super.endMarkedContentSequence();
  }

  @Override
  protected void processTextPosition(TextPosition t) {
    if (actual != null) {
      inSpan.add(t);
    } else {
      super.processTextPosition(t);
    }
  }

  private static TextPosition merged(String text, List<TextPosition> glyphs) {
    TextPosition left = glyphs.get(0);
    TextPosition right = glyphs.get(0);
    float height = 0;
    List<Integer> codes = new ArrayList<>();
    for (TextPosition g : glyphs) {
      left = g.getXDirAdj() < left.getXDirAdj() ? g : left;
      right = g.getXDirAdj() + g.getWidthDirAdj() > right.getXDirAdj() + right.getWidthDirAdj() ? g : right;
      height = Math.max(height, g.getHeightDir());
      for (int c : g.getCharacterCodes()) {
        codes.add(c);
      }
    }
    float width = right.getXDirAdj() + right.getWidthDirAdj() - left.getXDirAdj();
    return new TextPosition(left.getRotation(), left.getPageWidth(), left.getPageHeight(), left.getTextMatrix(),
        right.getEndX(), right.getEndY(), height, width, left.getWidthOfSpace(), text,
        codes.stream().mapToInt(Integer::intValue).toArray(), left.getFont(), left.getFontSize(),
        (int) left.getFontSizeInPt());
  }
}
