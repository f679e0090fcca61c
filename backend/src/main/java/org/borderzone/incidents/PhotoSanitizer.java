package org.borderzone.incidents;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Checks that a photo body is really the JPEG or PNG its Content-Type says (magic bytes, then a walk over its
 * segments or chunks), and rewrites it without the metadata that can tell where it was taken or by what device,
 * so a photo never reveals more than its incident does (the incident's point is released under its own rules).
 * We walk the container ourselves rather than decode the image: nothing is decompressed, the pixels are copied
 * byte for byte, and a hostile file costs at most one pass over its bytes.
 *
 * <p>JPEG (ITU-T T.81 markers; Exif 2.3 APP1): every APP1 segment is dropped (Exif with its GPS IFD and
 * thumbnail, XMP, extended XMP), as are APP13 (Photoshop IRB / IPTC, which holds place names), the APP2 MPF
 * index and anything after the end of the main image (MPF's second images carry their own Exif). The Exif
 * orientation is kept, in a minimal APP1 of our own with one tag, so a phone photo is not shown on its side.
 * PNG (ISO/IEC 15948, PNG 3rd ed. eXIf): eXIf, tEXt, zTXt and iTXt (XMP) chunks are dropped, and anything after
 * IEND. Both: each side at most {@link #MAX_SIDE_PX} pixels (a browser decodes what we serve).
 */
final class PhotoSanitizer {

  static final String JPEG = "image/jpeg";
  static final String PNG = "image/png";
  /** The largest width or height accepted, in pixels (a 48 MP phone photo is 8064 × 6048). */
  static final int MAX_SIDE_PX = 16_384;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Set<String> PNG_DROPPED = Set.of("eXIf", "tEXt", "zTXt", "iTXt");

  /** The rewritten photo; {@code gpsRemoved}: it had GPS metadata (Exif GPS IFD, XMP or PNG text with GPS). */
  record Clean(String mediaType, byte[] bytes, boolean gpsRemoved, int droppedSegments) {}

  /** The body is not an image of the type it claims; {@code reason} is a short English detail. */
  static final class NotAnImage extends Exception {
    final boolean wrongType;

    NotAnImage(boolean wrongType, String reason) {
      super(reason);
      this.wrongType = wrongType;
    }
  }

  private PhotoSanitizer() {}

  /** The media type the first bytes say, or null: JPEG starts FF D8 FF, PNG with its 8-byte signature. */
  static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return JPEG;
    }
    if (b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8), PNG_SIGNATURE)) {
      return PNG;
    }
    return null;
  }

  /** Checks {@code body} against {@code declared} (image/jpeg or image/png) and strips its metadata. */
  static Clean clean(byte[] body, String declared) throws NotAnImage {
    String sniffed = sniff(body);
    if (sniffed == null || !sniffed.equals(declared)) {
      throw new NotAnImage(true, sniffed == null ? "neither JPEG nor PNG" : "the bytes are " + sniffed);
    }
    return JPEG.equals(sniffed) ? jpeg(body) : png(body);
  }

  // ------------------------------------------------------------------------------------------------ JPEG

  private static Clean jpeg(byte[] b) throws NotAnImage {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(0xff);
    out.write(0xd8);
    int p = 2;
    boolean gps = false;
    boolean frame = false;
    boolean scan = false;
    boolean orientationWritten = false;
    int dropped = 0;
    while (true) {
      if (p >= b.length || (b[p] & 0xff) != 0xff) {
        throw new NotAnImage(false, "no marker at byte " + p);
      }
      while (p < b.length && (b[p] & 0xff) == 0xff) {
        p++; // fill bytes
      }
      if (p >= b.length) {
        throw new NotAnImage(false, "truncated");
      }
      int m = b[p++] & 0xff;
      if (m == 0xd9) { // EOI: the end of the main image; whatever follows (MPF images, trailers) is dropped
        out.write(0xff);
        out.write(m);
        if (!frame || !scan) {
          throw new NotAnImage(false, "no frame or no scan");
        }
        if (p < b.length) {
          dropped++;
        }
        return new Clean(JPEG, out.toByteArray(), gps, dropped);
      }
      if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) { // standalone markers
        out.write(0xff);
        out.write(m);
        continue;
      }
      if (m == 0x00 || m == 0xd8) {
        throw new NotAnImage(false, "unexpected marker " + Integer.toHexString(m) + " at byte " + (p - 1));
      }
      if (p + 2 > b.length) {
        throw new NotAnImage(false, "truncated");
      }
      int len = ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
      if (len < 2 || p + len > b.length) {
        throw new NotAnImage(false, "segment length " + len + " at byte " + p);
      }
      int data = p + 2;
      int end = p + len;
      if (m == 0xe1) { // APP1: Exif, XMP, extended XMP
        if (startsWith(b, data, end, "Exif\0\0")) {
          Exif exif = exif(b, data + 6, end);
          gps |= exif.gps;
          if (exif.orientation > 1 && !orientationWritten) {
            out.writeBytes(orientationApp1(exif.orientation));
            orientationWritten = true;
          }
        } else if (contains(b, data, end, "GPSLatitude") || contains(b, data, end, "GPSLongitude")) {
          gps = true; // XMP: exif:GPSLatitude
        }
        dropped++;
      } else if (m == 0xed || (m == 0xe2 && startsWith(b, data, end, "MPF\0"))) { // IPTC/IRB, MPF index
        dropped++;
      } else {
        if ((m >= 0xc0 && m <= 0xcf) && m != 0xc4 && m != 0xc8 && m != 0xcc) { // SOFn: the frame header
          if (len < 8) {
            throw new NotAnImage(false, "short frame header");
          }
          int h = ((b[data + 1] & 0xff) << 8) | (b[data + 2] & 0xff);
          int w = ((b[data + 3] & 0xff) << 8) | (b[data + 4] & 0xff);
          if (w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX) {
            throw new NotAnImage(false, w + " x " + h + " pixels (each side 1 to " + MAX_SIDE_PX + ")");
          }
          frame = true;
        }
        out.write(0xff);
        out.write(m);
        out.write(b, p, len);
      }
      p = end;
      if (m == 0xda) { // SOS: entropy-coded data up to the next marker that is not a stuffed byte or a restart
        if (!frame) {
          throw new NotAnImage(false, "scan before frame");
        }
        scan = true;
        int q = p;
        while (q + 1 < b.length) {
          if ((b[q] & 0xff) == 0xff) {
            int n = b[q + 1] & 0xff;
            if (n != 0x00 && !(n >= 0xd0 && n <= 0xd7) && n != 0xff) {
              break;
            }
          }
          q++;
        }
        if (q + 1 >= b.length) {
          throw new NotAnImage(false, "scan without end");
        }
        out.write(b, p, q - p);
        p = q;
      }
    }
  }

  private record Exif(int orientation, boolean gps) {}

  /** IFD0 of the Exif TIFF structure in {@code b[from, to)}: the orientation and whether a GPS IFD is there. */
  private static Exif exif(byte[] b, int from, int to) {
    if (to - from < 8) {
      return new Exif(1, false);
    }
    boolean little = b[from] == 'I' && b[from + 1] == 'I';
    if (!little && !(b[from] == 'M' && b[from + 1] == 'M')) {
      return new Exif(1, false);
    }
    long ifd = u32(b, from + 4, little);
    int orientation = 1;
    boolean gps = false;
    if (ifd < 8 || from + ifd + 2 > to) {
      return new Exif(1, false);
    }
    int at = from + (int) ifd;
    int count = u16(b, at, little);
    for (int i = 0; i < count; i++) {
      int e = at + 2 + i * 12;
      if (e + 12 > to) {
        break;
      }
      int tag = u16(b, e, little);
      if (tag == 0x0112 && u16(b, e + 2, little) == 3) { // Orientation, SHORT
        int v = u16(b, e + 8, little);
        orientation = v >= 1 && v <= 8 ? v : 1;
      } else if (tag == 0x8825) { // GPSInfo IFD pointer
        gps = true;
      }
    }
    return new Exif(orientation, gps);
  }

  /** A minimal Exif APP1 with one tag, Orientation (big-endian TIFF, 34 bytes with its marker). */
  static byte[] orientationApp1(int orientation) {
    return new byte[] {(byte) 0xff, (byte) 0xe1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8,
        0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
  }

  // ------------------------------------------------------------------------------------------------ PNG

  private static Clean png(byte[] b) throws NotAnImage {
    ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
    out.write(b, 0, 8);
    int p = 8;
    boolean gps = false;
    boolean first = true;
    int dropped = 0;
    while (true) {
      if (p + 12 > b.length) {
        throw new NotAnImage(false, "truncated chunk at byte " + p);
      }
      long len = u32(b, p, false);
      if (len > b.length - p - 12) {
        throw new NotAnImage(false, "chunk length " + len + " at byte " + p);
      }
      String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        throw new NotAnImage(false, "bad chunk type at byte " + (p + 4));
      }
      int data = p + 8;
      int end = data + (int) len + 4;
      if (first) {
        if (!type.equals("IHDR") || len != 13) {
          throw new NotAnImage(false, "no IHDR first");
        }
        long w = u32(b, data, false);
        long h = u32(b, data + 4, false);
        if (w == 0 || h == 0 || w > MAX_SIDE_PX || h > MAX_SIDE_PX) {
          throw new NotAnImage(false, w + " x " + h + " pixels (each side 1 to " + MAX_SIDE_PX + ")");
        }
        first = false;
      }
      if (PNG_DROPPED.contains(type)) {
        gps |= type.equals("eXIf") || contains(b, data, data + (int) len, "GPSLatitude");
        dropped++;
      } else {
        out.write(b, p, end - p);
      }
      p = end;
      if (type.equals("IEND")) {
        if (p < b.length) {
          dropped++;
        }
        return new Clean(PNG, out.toByteArray(), gps, dropped);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ bytes

  private static int u16(byte[] b, int at, boolean little) {
    return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
  }

  private static long u32(byte[] b, int at, boolean little) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      int k = little ? at + 3 - i : at + i;
      v = (v << 8) | (b[k] & 0xff);
    }
    return v;
  }

  private static boolean startsWith(byte[] b, int from, int to, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
    return to - from >= p.length && Arrays.equals(b, from, from + p.length, p, 0, p.length);
  }

  private static boolean contains(byte[] b, int from, int to, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = from; i + n.length <= to; i++) {
      for (int j = 0; j < n.length; j++) {
        if (b[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
