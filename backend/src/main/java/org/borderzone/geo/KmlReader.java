package org.borderzone.geo;

import java.io.Closeable;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;

/**
 * The Placemarks of a KML 2.2 document (OGC 07-147r2), streamed one at a time with StAX, the document treated
 * as hostile: no DTD at all (a {@code <!DOCTYPE>} is refused before its content is used, so neither external
 * entities — XXE — nor entity expansion — the "billion laughs" bomb — can happen; the parser is also set not to
 * support DTDs or external entities), no entity references, at most {@link #MAX_DEPTH} nested elements,
 * {@link #MAX_TEXT} characters in one element ({@link #MAX_COORDINATES} for coordinates), {@link #MAX_DATA}
 * ExtendedData values per Placemark and {@code maxPlacemarks} Placemarks. The root must be {@code kml} in the
 * KML 2.2 namespace. Per Placemark it collects {@code name}, {@code description}, {@code TimeStamp/when},
 * ExtendedData ({@code Data/value} and {@code SchemaData/SimpleData}, by {@code name}), and the first
 * geometry: its element name and, for {@code Point} and {@code LineString}, the text of its {@code coordinates}.
 * Folders and Documents may nest; everything else is skipped. Errors are 400 naming {@code body}.
 */
public final class KmlReader implements Closeable {

  public static final String NAMESPACE = "http://www.opengis.net/kml/2.2";
  static final int MAX_DEPTH = 64;
  static final int MAX_TEXT = 65_536;
  static final int MAX_COORDINATES = 16 << 20;
  static final int MAX_DATA = 256;

  private static final Set<String> GEOMETRIES = Set.of("Point", "LineString", "LinearRing", "Polygon",
      "MultiGeometry", "Model", "Track", "MultiTrack");

  /**
   * One Placemark: 1-based number, the first geometry's element name (null when none), its coordinates text
   * (Point and LineString only), and the values found.
   */
  public record Placemark(int number, String geometryType, String coordinates, String name, String description,
      String when, Map<String, String> data) {}

  private static final XMLInputFactory FACTORY = factory();

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    return f;
  }

  private final XMLStreamReader xml;
  private final long maxPlacemarks;
  private int depth;
  private int count;
  private boolean rootSeen;

  public KmlReader(InputStream in, long maxPlacemarks) {
    this.maxPlacemarks = maxPlacemarks;
    try {
      this.xml = FACTORY.createXMLStreamReader(in);
    } catch (XMLStreamException e) {
      throw malformed(e);
    }
  }

  /** The next Placemark, or null at the end of the document. */
  public Placemark next() {
    try {
      while (xml.hasNext()) {
        int ev = step();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          if (!rootSeen) {
            rootSeen = true;
            if (!"kml".equals(xml.getLocalName()) || !NAMESPACE.equals(xml.getNamespaceURI())) {
              throw ApiException.badField("body", "error.kml-root", xml.getName().toString());
            }
          } else if ("Placemark".equals(xml.getLocalName())) {
            count++;
            Limits.check("body", "error.limit-import-rows", maxPlacemarks, count);
            return placemark();
          }
        }
      }
      if (!rootSeen) {
        throw ApiException.badField("body", "error.kml-root", "(none)");
      }
      return null;
    } catch (XMLStreamException e) {
      throw malformed(e);
    }
  }

  /** One event, with the checks that apply to every event. */
  private int step() throws XMLStreamException {
    int ev = xml.next();
    switch (ev) {
      case XMLStreamConstants.DTD -> throw ApiException.badField("body", "error.kml-doctype");
      case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
          throw ApiException.badField("body", "error.kml-entity");
      case XMLStreamConstants.START_ELEMENT -> {
        if (++depth > MAX_DEPTH) {
          throw ApiException.badField("body", "error.kml-too-deep", MAX_DEPTH);
        }
      }
      case XMLStreamConstants.END_ELEMENT -> depth--;
      default -> {
        // text, comments, processing instructions: read on
      }
    }
    return ev;
  }

  /** Reads from just after {@code <Placemark>} to its end. */
  private Placemark placemark() throws XMLStreamException {
    int level = depth;
    String geometry = null;
    String coordinates = null;
    String name = null;
    String description = null;
    String when = null;
    Map<String, String> data = new LinkedHashMap<>();
    String dataName = null;
    while (xml.hasNext()) {
      int ev = step();
      if (ev == XMLStreamConstants.END_ELEMENT && depth < level) {
        return new Placemark(count, geometry, coordinates, name, description, when, data);
      }
      if (ev != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      String el = xml.getLocalName();
      int rel = depth - level;
      if (rel == 1 && "name".equals(el)) {
        name = text(MAX_TEXT);
      } else if (rel == 1 && "description".equals(el)) {
        description = text(MAX_TEXT);
      } else if ("when".equals(el) && when == null) {
        when = text(MAX_TEXT);
      } else if ("Data".equals(el) || "SimpleData".equals(el)) {
        String key = xml.getAttributeValue(null, "name");
        if ("SimpleData".equals(el)) {
          put(data, key, text(MAX_TEXT));
        } else {
          dataName = key;
        }
      } else if ("value".equals(el) && dataName != null) {
        put(data, dataName, text(MAX_TEXT));
        dataName = null;
      } else if (rel == 1 && GEOMETRIES.contains(el) && geometry == null) {
        geometry = el;
      } else if ("coordinates".equals(el) && rel == 2 && geometry != null && coordinates == null
          && ("Point".equals(geometry) || "LineString".equals(geometry))) {
        coordinates = text(MAX_COORDINATES);
      }
    }
    throw ApiException.badField("body", "error.kml-malformed", "the document ends inside Placemark " + count);
  }

  private void put(Map<String, String> data, String key, String value) {
    if (key == null || key.isBlank()) {
      return;
    }
    if (data.size() >= MAX_DATA && !data.containsKey(key)) {
      throw ApiException.badField("body", "error.kml-too-many-data", MAX_DATA, count);
    }
    data.put(key, value);
  }

  /** The text of the current element (no child elements allowed), at most {@code max} characters. */
  private String text(int max) throws XMLStreamException {
    String el = xml.getLocalName();
    StringBuilder sb = new StringBuilder();
    while (true) {
      int ev = step();
      switch (ev) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (sb.length() + xml.getTextLength() > max) {
            throw ApiException.badField("body", "error.kml-text-too-long", el, max, count);
          }
          sb.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return sb.toString().strip();
        }
        case XMLStreamConstants.START_ELEMENT ->
            throw ApiException.badField("body", "error.kml-malformed", "<" + xml.getLocalName() + "> inside <" + el + ">");
        default -> {
          // comments
        }
      }
    }
  }

  private static ApiException malformed(XMLStreamException e) {
    String m = e.getMessage() == null ? "unreadable XML" : e.getMessage().replaceAll("\\s+", " ");
    return ApiException.badField("body", "error.kml-malformed", m.length() > 300 ? m.substring(0, 300) : m);
  }

  @Override
  public void close() {
    try {
      xml.close();
    } catch (XMLStreamException ignored) {
      // nothing held beyond the stream, which the caller closes
    }
  }

  /** Positions of a KML coordinates text ("lon,lat[,alt]" tuples separated by white space), as text pairs. */
  public static List<String[]> tuples(String coordinates) {
    if (coordinates == null || coordinates.isBlank()) {
      return List.of();
    }
    String[] parts = coordinates.strip().split("\\s+");
    java.util.ArrayList<String[]> out = new java.util.ArrayList<>(parts.length);
    for (String p : parts) {
      out.add(p.split(",", -1));
    }
    return out;
  }
}
