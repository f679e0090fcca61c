package org.borderzone.border;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Reference border import settings.
 *
 * @param source the boundary line, a GeoJSON FeatureCollection with one LineString ordered west to east
 * @param segmentLengthM target segment length in metres (segments are equal parts of the line measured in
 *     UTM 48N, so each is within 0.1 % of this)
 */
@ConfigurationProperties("borderzone.border")
record BorderProperties(Resource source, double segmentLengthM) {}
