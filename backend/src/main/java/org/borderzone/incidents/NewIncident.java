package org.borderzone.incidents;

import java.time.OffsetDateTime;

/**
 * A validated incident ready to be stored: position in EPSG:4326 degrees (inside the area of interest),
 * severity 1–5, a time not in the future, texts within their limits. The owner organisation and the status
 * are not here: they come from the caller and the life cycle, never from the input.
 */
record NewIncident(double lon, double lat, IncidentType type, int severity, OffsetDateTime occurredAt,
    String description, String source, String releasability) {}
