package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

/**
 * {@link PhotoSanitizer} on photos built by {@link TestPhotos}: what a phone puts in a photo about where it was
 * taken is gone from the bytes, the pixels are the same (decoded by ImageIO, an independent decoder), the
 * orientation survives, and whatever is not the JPEG or PNG it claims to be is refused.
 */
class PhotoSanitizerTest {

  @Test
  void aJpegLosesItsGpsExifXmpAndTrailingImageButKeepsPixelsAndOrientation() throws Exception {
    byte[] in = TestPhotos.jpegWithGps(64, 48);
    assertThat(TestPhotos.contains(in, TestPhotos.LAT_RATIONALS)).as("the fixture has GPS").isTrue();
    PhotoSanitizer.Clean c = PhotoSanitizer.clean(in, "image/jpeg");
    byte[] out = c.bytes();
    assertThat(c.gpsRemoved()).isTrue();
    assertThat(c.droppedSegments()).isEqualTo(3); // Exif, XMP, the trailing image
    assertThat(TestPhotos.contains(out, TestPhotos.LAT_RATIONALS)).isFalse();
    assertThat(TestPhotos.contains(out, TestPhotos.LON_RATIONALS)).isFalse();
    assertThat(TestPhotos.contains(out, "GPSLatitude")).isFalse();
    assertThat(TestPhotos.contains(out, "ns.adobe.com")).isFalse();
    assertThat(TestPhotos.contains(out, new byte[] {(byte) 0x88, 0x25})).as("no GPSInfo tag").isFalse();
    // ImageIO's own reading of the markers: one APP1, ours, with the orientation only
    assertThat(unknownMarkers(out)).containsExactly(0xe1);
    assertThat(TestPhotos.contains(out, PhotoSanitizer.orientationApp1(6))).isTrue();
    // one image, ending at the end of the bytes: no second image left behind
    assertThat(out[out.length - 2] & 0xff).isEqualTo(0xff);
    assertThat(out[out.length - 1] & 0xff).isEqualTo(0xd9);
    assertSamePixels(TestPhotos.decode(out), TestPhotos.decode(TestPhotos.plainJpeg(64, 48)));
  }

  @Test
  void aPlainJpegIsKeptByteForByte() throws Exception {
    byte[] in = TestPhotos.plainJpeg(40, 30);
    PhotoSanitizer.Clean c = PhotoSanitizer.clean(in, "image/jpeg");
    assertThat(c.gpsRemoved()).isFalse();
    assertThat(c.droppedSegments()).isZero();
    assertThat(c.bytes()).isEqualTo(in);
  }

  @Test
  void aPngLosesItsExifAndTextChunks() throws Exception {
    byte[] in = TestPhotos.pngWithGps(32, 32);
    PhotoSanitizer.Clean c = PhotoSanitizer.clean(in, "image/png");
    assertThat(c.gpsRemoved()).isTrue();
    assertThat(c.droppedSegments()).isEqualTo(2);
    assertThat(c.bytes()).isEqualTo(TestPhotos.plainPng(32, 32));
    assertThat(TestPhotos.contains(c.bytes(), TestPhotos.LAT_RATIONALS)).isFalse();
    assertThat(TestPhotos.contains(c.bytes(), "eXIf")).isFalse();
  }

  @Test
  void whatIsNotTheImageItClaimsIsRefused() {
    byte[] png = TestPhotos.plainPng(8, 8);
    byte[] jpeg = TestPhotos.plainJpeg(8, 8);
    assertThatThrownBy(() -> PhotoSanitizer.clean(png, "image/jpeg")).isInstanceOf(PhotoSanitizer.NotAnImage.class)
        .matches(e -> ((PhotoSanitizer.NotAnImage) e).wrongType);
    assertThatThrownBy(() -> PhotoSanitizer.clean(jpeg, "image/png")).isInstanceOf(PhotoSanitizer.NotAnImage.class);
    assertThatThrownBy(() -> PhotoSanitizer.clean("<svg/>".getBytes(), "image/png"))
        .isInstanceOf(PhotoSanitizer.NotAnImage.class);
    assertThatThrownBy(() -> PhotoSanitizer.clean(new byte[0], "image/jpeg")).isInstanceOf(PhotoSanitizer.NotAnImage.class);
    // truncated in every place: the walk refuses, never throws anything else
    for (byte[] whole : List.of(jpeg, png, TestPhotos.jpegWithGps(16, 16), TestPhotos.pngWithGps(16, 16))) {
      for (int cut = 8; cut < whole.length - 1; cut += Math.max(1, whole.length / 97)) {
        byte[] part = Arrays.copyOf(whole, cut);
        try {
          byte[] kept = PhotoSanitizer.clean(part, PhotoSanitizer.sniff(whole)).bytes();
          // only a cut in what is dropped anyway (after the main image's EOI) can pass, with the same result
          assertThat(kept).as("cut at " + cut).isEqualTo(PhotoSanitizer.clean(whole, PhotoSanitizer.sniff(whole)).bytes());
        } catch (PhotoSanitizer.NotAnImage expected) {
          assertThat(expected.wrongType).isFalse();
        }
      }
    }
  }

  @Test
  void hugeDimensionsAreRefusedFromTheHeaderAlone() {
    byte[] png = TestPhotos.plainPng(8, 8);
    png[16] = 0; // IHDR width = 0x00ff0008: 16 million pixels wide
    png[17] = (byte) 0xff;
    assertThatThrownBy(() -> PhotoSanitizer.clean(png, "image/png")).isInstanceOf(PhotoSanitizer.NotAnImage.class)
        .hasMessageContaining("pixels");
  }

  private static void assertSamePixels(BufferedImage a, BufferedImage b) {
    assertThat(a.getWidth()).isEqualTo(b.getWidth());
    assertThat(a.getHeight()).isEqualTo(b.getHeight());
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        assertThat(a.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(b.getRGB(x, y));
      }
    }
  }

  /** The APPn markers ImageIO's JPEG reader does not know (listed as "unknown" with their tag). */
  static List<Integer> unknownMarkers(byte[] jpeg) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      ImageReader r = ImageIO.getImageReadersByFormatName("jpeg").next();
      r.setInput(in);
      IIOMetadata m = r.getImageMetadata(0);
      Node root = m.getAsTree("javax_imageio_jpeg_image_1.0");
      List<Integer> tags = new ArrayList<>();
      for (Node seq = root.getFirstChild(); seq != null; seq = seq.getNextSibling()) {
        if (!seq.getNodeName().equals("markerSequence")) {
          continue;
        }
        for (Node n = seq.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n.getNodeName().equals("unknown")) {
            tags.add(Integer.parseInt(n.getAttributes().getNamedItem("MarkerTag").getNodeValue()));
          }
        }
      }
      r.dispose();
      return tags;
    }
  }
}
