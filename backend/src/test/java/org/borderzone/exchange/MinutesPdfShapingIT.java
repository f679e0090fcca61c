package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.geom.GeneralPath;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.fontbox.ttf.model.ScriptFeature;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDCIDFontType2;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The minutes PDF shapes Khmer (docs/EXCHANGE.md "The PDF"): proven on the glyphs the PDF draws, not on its text.
 *
 * <p>How: every glyph shown by a text operator with an embedded Noto Sans Khmer is traced back to a glyph of the
 * served font file by its <em>outline and advance</em> (the subset's glyph, found through the font's
 * CID-to-GID map, must be identical to one glyph of the original {@code NotoSansKhmer-*.ttf}; this holds whatever
 * ids the subsetter gave, and proves the glyph comes from our font). A drawn shape that no code point of the
 * original's cmap reaches, but that is an output of the font's GSUB lookups for script {@code khmr} (as fontbox
 * reads them: below-base and pre-base forms, ligatures), can only be there because a shaping engine substituted
 * it: a subscript consonant of ស្រុក, ក្រុម, ខ្មែរ. Then: the coeng sign (U+17D2) is never drawn as a glyph of its
 * own, and the pre-base vowel ែ is drawn before the consonant of ខ្មែរ. The same document rendered by the
 * fallback renderer (openhtmltopdf) fails every one of these: it draws only cmap glyphs, the coeng as a glyph,
 * and ែ after ខ — so the check can fail.
 */
class MinutesPdfShapingIT extends IntegrationTest {

  static final String SAMPLE = "ស្រុក ក្រុម ខ្មែរ ក្រុមការងាររួមបានពិនិត្យបង្គោលព្រំដែន";

  @Autowired
  MinutesPdf minutesPdf;

  @Autowired
  MeetingService service;

  @Test
  void chromiumShapesKhmerAndTheFallbackDoesNot() throws Exception {
    assertThat(minutesPdf.renderer()).as("make browser installs chromium; auto picks it")
        .isEqualTo(MinutesPdf.Renderer.CHROMIUM);
    String path = meetingWithKhmerMinutes();
    Set<String> tempBefore = tempDirs();

    long t0 = System.nanoTime();
    HttpResponse<byte[]> km = pdf(path + "/minutes.pdf?lang=km");
    long kmMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(km.statusCode()).isEqualTo(200);
    assertThat(km.headers().firstValue("X-Pdf-Renderer")).hasValue("chromium");
    assertThat(km.headers().firstValue("X-Pdf-Shaping")).hasValue("complex");
    t0 = System.nanoTime();
    HttpResponse<byte[]> lo = pdf(path + "/minutes.pdf?lang=lo");
    long loMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(lo.statusCode()).isEqualTo(200);
    System.out.printf("minutes PDF over HTTP (chromium): km %d ms, %d bytes; lo %d ms, %d bytes%n", kmMs,
        km.body().length, loMs, lo.body().length);
    // deleted right after the last byte (the client may have read the body a moment before the server closed)
    long until = System.nanoTime() + 5_000_000_000L;
    while (!tempBefore.containsAll(tempDirs()) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(tempDirs()).as("the render's temporary files are deleted").isSubsetOf(tempBefore);

    Khmer shaped = analyse(km.body());
    System.out.printf("chromium: %d Khmer glyphs drawn, GSUB-only forms %s%n", shaped.drawn().size(), shaped.gsubOnly());
    assertThat(shaped.gsubOnly).as("subscript/pre-base forms drawn from GSUB (glyphs of the original font)")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(shaped.coengDrawn).as("U+17D2 drawn as a glyph of its own").isZero();
    assertThat(shaped.preBaseBeforeKha).as("ែ drawn before ខ in ខ្មែរ").isTrue();
    try (PDDocument doc = Loader.loadPDF(km.body())) {
      String text = ActualTextStripper.text(doc);
      assertThat(text).contains("កំណត់ហេតុ", "អ្នកចូលរួម", "ស្រុក", "ក្រុម", "ខ្មែរ", "សេចក្តីព្រា");
      save(doc, "km-chromium");
      assertThat(doc.getNumberOfPages()).isGreaterThan(1);
      for (int page = 1; page <= doc.getNumberOfPages(); page++) {
        ActualTextStripper one = new ActualTextStripper();
        one.setStartPage(page);
        one.setEndPage(page);
        assertThat(one.getText(doc)).as("the DRAFT watermark on page %d", page).contains("សេចក្តីព្រា");
      }
    }
    try (PDDocument doc = Loader.loadPDF(lo.body())) {
      assertThat(ActualTextStripper.text(doc)).contains("ຜູ້ເຂົ້າຮ່ວມ", "ສົມພອນ");
      save(doc, "lo-chromium");
    }

    // the same document through the fallback: the opposite on every count
    String doc = service.one(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)),
        new Actor("kh-planner", Organisation.of("KH"), Role.PLANNER));
    byte[] fallback;
    t0 = System.nanoTime();
    try (MinutesPdf.Pdf f = minutesPdf.render(doc, "km", MinutesPdf.Renderer.OPENHTMLTOPDF)) {
      fallback = Files.readAllBytes(f.file());
    }
    System.out.printf("minutes PDF (openhtmltopdf): km %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    Khmer flat = analyse(fallback);
    assertThat(flat.drawn).as("the fallback draws Khmer with the same font").isNotEmpty();
    assertThat(flat.gsubOnly).as("openhtmltopdf draws only cmap glyphs: no shaping").isEmpty();
    assertThat(flat.coengDrawn).isPositive();
    assertThat(flat.preBaseBeforeKha).isFalse();
    try (PDDocument d = Loader.loadPDF(fallback)) {
      assertThat(ActualTextStripper.text(d)).contains("កំណត់ហេតុ", "ក្រុម");
      save(d, "km-openhtmltopdf");
    }
  }

  @Test
  void fullRenderersAre503AndATimeoutKillsChromium() throws Exception {
    String path = meetingWithKhmerMinutes();
    int n = minutesPdf.permits.drainPermits();
    try {
      HttpResponse<byte[]> busy = pdf(path + "/minutes.pdf?lang=km");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).isPresent();
      JsonNode problem = JSON.readTree(busy.body());
      assertThat(problem.get("type").asString()).endsWith("/overloaded");
      assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("request");
      assertThat(problem.get("errors").get(0).get("message").asString()).contains("2", "PDF");
    } finally {
      minutesPdf.permits.release(n);
    }
    assertThat(pdf(path + "/minutes.pdf?lang=en").statusCode()).isEqualTo(200);

    Path binary = MinutesChromium.locate("").orElseThrow();
    Path work = Files.createTempDirectory("borderzone-pdf-test-");
    try {
      Path page = work.resolve("p.html");
      Files.writeString(page, "<!DOCTYPE html><html><body>x</body></html>");
      MinutesChromium quick = new MinutesChromium(binary, Duration.ofMillis(150));
      assertThatThrownBy(() -> quick.print(work, page, work.resolve("p.pdf")))
          .isInstanceOf(MinutesChromium.Timeout.class);
      assertThat(ProcessHandle.current().descendants().filter(p -> p.isAlive() && p.info().arguments()
          .map(a -> String.join(" ", a).contains(work.toString())).orElse(false)).toList())
          .as("chromium and its children are killed after the timeout").isEmpty();
    } finally {
      MinutesPdf.delete(work);
    }
    assertThatThrownBy(() -> new MinutesChromium(binary, Duration.ofMillis(150)).print(work, work, work))
        .isInstanceOf(IOException.class);
  }

  // ------------------------------------------------------------------ helpers

  private String meetingWithKhmerMinutes() {
    JsonNode m = as("kh-planner").post("/api/meetings", "{\"kind\":\"JBC\",\"title\":\"" + MeetingsIT.marker()
        + " ក្រុមការងាររួម ខ្មែរ–ລາວ\",\"place\":\"ស្ទឹងត្រែង\",\"startsAt\":\"" + MeetingsIT.PAST
        + "\",\"parties\":[\"KH\",\"LA\",\"JBC\"]}").json();
    String path = "/api/meetings/" + m.get("id").asString();
    assertThat(as("la-planner").post(path + "/attendees", "{\"org\":\"LA\",\"name\":\"ສົມພອນ\",\"position\":\"Head\"}")
        .status()).isEqualTo(201);
    assertThat(as("kh-planner").post(path + "/decisions", "{\"text\":\"" + SAMPLE + "\"}").status()).isEqualTo(201);
    int version = as("kh-planner").get(path).json().get("version").asInt();
    String text = SAMPLE + "\\n" + "ភាគីទាំងពីរបានឯកភាពគ្នាលើការស្ថាបនាបង្គោលព្រំដែនលេខដប់ពីរឡើងវិញដោយរួមគ្នា".repeat(4)
        + ("\\n" + SAMPLE).repeat(80) + "\\nຄະນະກຳມະການຮ່ວມໄດ້ກວດກາຫຼັກໝາຍຊາຍແດນ";
    assertThat(as("kh-planner").send(HttpRequest.newBuilder(URI.create(url(path + "/minutes")))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
            "{\"text\":\"" + text + "\",\"version\":" + version + "}"))).status()).isEqualTo(200);
    return path;
  }

  private HttpResponse<byte[]> pdf(String path) throws Exception {
    return HttpClient.newHttpClient().send(basic(HttpRequest.newBuilder(URI.create(url(path))), "kh-planner",
        DEMO_PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Set<String> tempDirs() throws IOException {
    Set<String> s = new HashSet<>();
    try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")),
        "borderzone-pdf-*")) {
      d.forEach(p -> s.add(p.getFileName().toString()));
    }
    return s;
  }

  /** Page 1 as PNG under target/minutes-pdf/ for a person to look at. */
  private static void save(PDDocument doc, String name) throws IOException {
    BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, 110);
    File dir = new File("target/minutes-pdf");
    dir.mkdirs();
    ImageIO.write(img, "png", new File(dir, "minutes-" + name + ".png"));
  }

  /** What the Khmer glyphs of a PDF say about shaping. */
  record Khmer(List<Integer> drawn, Set<Integer> gsubOnly, int coengDrawn, boolean preBaseBeforeKha) {}

  /** One served font file: its glyph shapes, which of them the cmap reaches, which GSUB produces. */
  record Original(TrueTypeFont ttf, Map<String, Set<Integer>> byShape, Set<Integer> cmapGlyphs,
      Set<Integer> gsubOutputs, CmapLookup cmap) {

    static Original load(String file) throws IOException {
      TrueTypeFont ttf;
      try (InputStream in = MinutesPdf.class.getResourceAsStream(MinutesPdf.FONTS + file)) {
        ttf = new TTFParser().parse(new RandomAccessReadBuffer(in));
      }
      Map<String, Set<Integer>> byShape = new HashMap<>();
      for (int g = 0; g < ttf.getNumberOfGlyphs(); g++) {
        String k = shape(ttf, g);
        if (k != null) {
          byShape.computeIfAbsent(k, x -> new TreeSet<>()).add(g);
        }
      }
      CmapLookup cmap = ttf.getUnicodeCmapLookup();
      Set<Integer> mapped = new HashSet<>();
      for (int cp = 0; cp <= 0x10FFFF; cp++) {
        int g = cmap.getGlyphId(cp);
        if (g != 0) {
          mapped.add(g);
        }
      }
      Set<Integer> outputs = new HashSet<>();
      GsubData gsub = ttf.getGsub().getGsubData("khmr");
      for (String feature : gsub.getSupportedFeatures()) {
        ScriptFeature f = gsub.getFeature(feature);
        for (List<Integer> in : f.getAllGlyphIdsForSubstitution()) {
          outputs.add(f.getReplacementForGlyphs(in));
        }
      }
      return new Original(ttf, byShape, mapped, outputs, cmap);
    }
  }

  /** Outline (every path segment's coordinates) and advance of a glyph; null for an empty glyph. */
  static String shape(TrueTypeFont ttf, int gid) throws IOException {
    GlyphData g = ttf.getGlyph().getGlyph(gid);
    if (g == null) {
      return null;
    }
    GeneralPath path = g.getPath();
    StringBuilder b = new StringBuilder().append(ttf.getAdvanceWidth(gid)).append(':');
    float[] c = new float[6];
    int segments = 0;
    for (PathIterator it = path.getPathIterator(null); !it.isDone(); it.next()) {
      int type = it.currentSegment(c);
      int n = switch (type) {
        case PathIterator.SEG_MOVETO, PathIterator.SEG_LINETO -> 2;
        case PathIterator.SEG_QUADTO -> 4;
        case PathIterator.SEG_CUBICTO -> 6;
        default -> 0;
      };
      b.append(type);
      for (int i = 0; i < n; i++) {
        b.append(',').append(c[i]);
      }
      b.append(';');
      segments++;
    }
    return segments == 0 ? null : b.toString();
  }

  /** Every glyph shown by a text operator (pages and forms), with its font, in content-stream order. */
  static final class Shown extends PDFTextStripper {
    record Glyph(PDFont font, int code) {}

    final List<Glyph> glyphs = new ArrayList<>();

    @Override
    protected void showGlyph(Matrix m, PDFont font, int code, Vector displacement) throws IOException {
      glyphs.add(new Glyph(font, code));
      super.showGlyph(m, font, code, displacement);
    }
  }

  static Khmer analyse(byte[] pdf) throws IOException {
    Original regular = Original.load("NotoSansKhmer-Regular.ttf");
    Original bold = Original.load("NotoSansKhmer-Bold.ttf");
    Shown shown = new Shown();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      shown.getText(doc);
    }
    List<Integer> drawn = new ArrayList<>();  // original gids of Noto Sans Khmer Regular glyphs, in order
    Set<Integer> gsubOnly = new TreeSet<>();
    int coeng = 0;
    for (Shown.Glyph g : shown.glyphs) {
      if (!(g.font() instanceof PDType0Font t0) || !g.font().getName().contains("NotoSansKhmer")
          || !(t0.getDescendantFont() instanceof PDCIDFontType2 cid)) {
        continue;
      }
      Original o = g.font().getName().contains("Bold") ? bold : regular;
      String k = shape(cid.getTrueTypeFont(), cid.codeToGID(g.code()));
      if (k == null) {
        continue; // an empty glyph (space, zero-width)
      }
      Set<Integer> same = o.byShape().get(k);
      assertThat(same).as("glyph %d of %s is a glyph of the served font", g.code(), g.font().getName())
          .isNotNull();
      boolean reachable = same.stream().anyMatch(o.cmapGlyphs()::contains);
      if (!reachable && same.stream().anyMatch(o.gsubOutputs()::contains)) {
        gsubOnly.add(same.iterator().next());
      }
      if (same.contains(o.cmap().getGlyphId(0x17D2))) {
        coeng++;
      }
      if (o == regular) {
        drawn.add(same.iterator().next());
      }
    }
    int ae = regular.cmap().getGlyphId(0x17C2);
    int kha = regular.cmap().getGlyphId(0x1781);
    boolean preBase = false;
    for (int i = 0; i + 1 < drawn.size(); i++) {
      preBase |= drawn.get(i) == ae && drawn.get(i + 1) == kha;
    }
    return new Khmer(drawn, gsubOnly, coeng, preBase);
  }
}
