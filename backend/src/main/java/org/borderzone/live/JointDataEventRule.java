package org.borderzone.live;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.borderzone.system.Actor;
import org.springframework.stereotype.Component;

/**
 * Joint data: segment status changes, sign-offs, inspections and pillar statuses are read by every signed-in
 * role ({@code GET /api/segments}, {@code /api/inspections}, {@code /api/pillars}: SecurityConfig.routes), so
 * their events go to every subscriber (and a stream has a signed-in user by the route table).
 */
@Component
class JointDataEventRule implements EventRule {

  @Override
  public Set<String> kinds() {
    return Set.of("segment", "signoff", "inspection", "pillar");
  }

  @Override
  public Set<Long> visible(List<LiveEvent> events, Actor reader) {
    Set<Long> out = new HashSet<>();
    if (reader != null) {
      events.forEach(e -> out.add(e.id()));
    }
    return out;
  }
}
