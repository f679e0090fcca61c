package org.borderzone.apidocs;

/** Request examples of the OpenAPI document, valid as they stand (OpenApiIT sends the incident ones). */
public final class ApiExamples {

  private ApiExamples() {}

  public static final String INCIDENT = """
      {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.42, 14.31]},
       "properties": {"type": "SMUGGLING", "severity": 3, "occurredAt": "2026-03-01T10:15:30Z",
        "description": "a truck crossing at night", "releasability": "SHARED"}}""";

  public static final String FEATURE_COLLECTION = """
      {"type": "FeatureCollection", "features": [
       {"type": "Feature", "geometry": {"type": "Point", "coordinates": [106.42, 14.31]},
        "properties": {"type": "SMUGGLING", "severity": 3, "occurredAt": "2026-03-01T10:15:30Z"}}]}""";

  public static final String CSV = """
      lon,lat,type,severity,occurredAt,description
      106.42,14.31,SMUGGLING,3,2026-03-01T10:15:30Z,a truck crossing at night
      """;

  public static final String KML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
        <description>a truck crossing at night</description>
        <TimeStamp><when>2026-03-01T10:15:30Z</when></TimeStamp>
        <ExtendedData><Data name="type"><value>SMUGGLING</value></Data>
          <Data name="severity"><value>3</value></Data></ExtendedData>
        <Point><coordinates>106.42,14.31</coordinates></Point>
      </Placemark></Document></kml>
      """;

  public static final String NETWORK_KML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>track 7</name>
        <ExtendedData><Data name="kind"><value>track</value></Data></ExtendedData>
        <LineString><coordinates>105.95,13.90 105.97,13.91 105.99,13.93</coordinates></LineString>
      </Placemark></Document></kml>
      """;
}
