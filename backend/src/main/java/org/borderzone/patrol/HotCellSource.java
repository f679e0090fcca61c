package org.borderzone.patrol;

import java.time.OffsetDateTime;
import java.util.List;
import org.borderzone.system.Actor;

/**
 * Where automatic patrols get their targets: hot cells for a time window, as seen by {@code viewer} (only
 * incidents the viewer may see count: SHARED ones and those of the viewer's own organisation). The hotspot
 * feature implements it with its Gi* result (hot spots at 95 % or more).
 */
public interface HotCellSource {

  /** A hot cell: a stable id, its centre (EPSG:4326 degrees) and a score (higher is hotter, &gt; 0). */
  record HotCell(String id, double lon, double lat, double score) {}

  List<HotCell> hotCells(Actor viewer, OffsetDateTime from, OffsetDateTime to);
}
