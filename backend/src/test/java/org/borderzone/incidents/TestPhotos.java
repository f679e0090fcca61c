package org.borderzone.incidents;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Test photos as a phone writes them: a JPEG (written by ImageIO, the independent encoder) with an Exif APP1
 * holding an orientation and a GPS IFD (latitude 14° 21' 45.67" N, longitude 106° 12' 34.56" E), an XMP APP1
 * with the same position and an MPF-style second image after EOI; a PNG with an eXIf and an XMP iTXt chunk.
 * {@link #LAT_RATIONALS} and {@link #LON_RATIONALS} are the GPS values' bytes as they stand in the Exif.
 */
final class TestPhotos {

  /** 14/1, 21/1, 4567/100 as three big-endian RATIONALs. */
  static final byte[] LAT_RATIONALS = rationals(14, 1, 21, 1, 4567, 100);
  /** 106/1, 12/1, 3456/100. */
  static final byte[] LON_RATIONALS = rationals(106, 1, 12, 1, 3456, 100);
  static final String XMP = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
      + "22-rdf-syntax-ns#\"><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"14,21.761N\""
      + " exif:GPSLongitude=\"106,12.576E\"/></rdf:RDF></x:xmpmeta>";

  private TestPhotos() {}

  static BufferedImage picture(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(30, 110, 60));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(230, 200, 40));
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  static byte[] plainJpeg(int w, int h) {
    return write(picture(w, h), "jpg");
  }

  static byte[] plainPng(int w, int h) {
    return write(picture(w, h), "png");
  }

  /** ImageIO's JPEG with Exif (orientation 6 and GPS), XMP with GPS, and a second image after EOI. */
  static byte[] jpegWithGps(int w, int h) {
    byte[] jpeg = plainJpeg(w, h);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int app0 = 2 + 2 + ((jpeg[4] & 0xff) << 8 | (jpeg[5] & 0xff)); // SOI and ImageIO's JFIF APP0
    out.write(jpeg, 0, app0);
    out.writeBytes(segment(0xe1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), gpsTiff(6))));
    out.writeBytes(segment(0xe1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1),
        XMP.getBytes(StandardCharsets.UTF_8))));
    out.write(jpeg, app0, jpeg.length - app0);
    // an MPF-style trailing image with its own Exif GPS
    out.write(0xff);
    out.write(0xd8);
    out.writeBytes(segment(0xe1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), gpsTiff(1))));
    out.write(0xff);
    out.write(0xd9);
    return out.toByteArray();
  }

  /** ImageIO's PNG with an eXIf chunk (GPS) and an iTXt XMP chunk after IHDR. */
  static byte[] pngWithGps(int w, int h) {
    byte[] png = plainPng(w, h);
    int afterIhdr = 8 + 4 + 4 + 13 + 4;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, afterIhdr);
    out.writeBytes(chunk("eXIf", gpsTiff(1)));
    out.writeBytes(chunk("iTXt", concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
        XMP.getBytes(StandardCharsets.UTF_8))));
    out.write(png, afterIhdr, png.length - afterIhdr);
    return out.toByteArray();
  }

  /**
   * A big-endian TIFF: IFD0 with Orientation and the GPSInfo pointer, the GPS IFD with the latitude and
   * longitude and their references.
   */
  static byte[] gpsTiff(int orientation) {
    ByteBuffer b = ByteBuffer.allocate(140);
    b.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    b.putShort((short) 2);
    b.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    b.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
    b.putInt(0);
    b.putShort((short) 4); // GPS IFD at 38
    b.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
    b.putShort((short) 2).putShort((short) 5).putInt(3).putInt(92);
    b.putShort((short) 3).putShort((short) 2).putInt(2).put(new byte[] {'E', 0, 0, 0});
    b.putShort((short) 4).putShort((short) 5).putInt(3).putInt(116);
    b.putInt(0);
    b.put(LAT_RATIONALS).put(LON_RATIONALS);
    return b.array();
  }

  static byte[] segment(int marker, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + data.length);
    b.put((byte) 0xff).put((byte) marker).putShort((short) (data.length + 2)).put(data);
    return b.array();
  }

  static byte[] chunk(String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(t).put(data).putInt((int) crc.getValue());
    return b.array();
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code needle} occurs in {@code hay}. */
  static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static boolean contains(byte[] hay, String needle) {
    return contains(hay, needle.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] rationals(int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4);
    for (int x : v) {
      b.putInt(x);
    }
    return b.array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] write(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
