package org.borderzone.patrol;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Patrol planning settings ({@code borderzone.patrol.*}).
 *
 * @param setbackM national patrols use no edge closer than this to the border line (metres)
 * @param snapMaxM a base, start, end or stop farther than this from every allowed edge is refused (metres)
 * @param cellSnapMaxM a hot cell whose centre is farther than this from every allowed edge is skipped (metres)
 * @param maxStops most stops in one request
 * @param defaultWindowDays the hot-cell window when the request gives none: the last N days
 */
@ConfigurationProperties("borderzone.patrol")
record PatrolProperties(@DefaultValue("100") double setbackM, @DefaultValue("2000") double snapMaxM,
    @DefaultValue("1500") double cellSnapMaxM, @DefaultValue("25") int maxStops,
    @DefaultValue("30") int defaultWindowDays) {}
