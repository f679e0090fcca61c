package org.borderzone.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.system.Actor;
import org.springframework.stereotype.Component;

/** The {@link EventRule}s by kind: which events of a batch a reader may be sent. Unknown kinds: nobody. */
@Component
class EventVisibility {

  private final Map<String, EventRule> rules = new HashMap<>();

  EventVisibility(List<EventRule> all) {
    for (EventRule r : all) {
      for (String kind : r.kinds()) {
        if (rules.put(kind, r) != null) {
          throw new IllegalStateException("two event rules for kind " + kind);
        }
      }
    }
  }

  /** The events of {@code events} that {@code reader} may see, in their order. */
  List<LiveEvent> filter(List<LiveEvent> events, Actor reader) {
    Map<EventRule, List<LiveEvent>> byRule = new LinkedHashMap<>();
    for (LiveEvent e : events) {
      EventRule r = rules.get(e.kind());
      if (r != null) {
        byRule.computeIfAbsent(r, k -> new ArrayList<>()).add(e);
      }
    }
    Set<Long> ok = new java.util.HashSet<>();
    byRule.forEach((r, list) -> ok.addAll(r.visible(list, reader)));
    List<LiveEvent> out = new ArrayList<>();
    for (LiveEvent e : events) {
      if (ok.contains(e.id())) {
        out.add(e);
      }
    }
    return out;
  }
}
