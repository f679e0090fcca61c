package org.borderzone.live;

import java.util.List;
import java.util.Set;
import org.borderzone.system.Actor;

/**
 * Who may be sent the events of some kinds: a Spring bean per group of kinds (the incidents', the joint data's;
 * issue 12's liaison messages add their own). {@link EventVisibility} collects them; a kind without a rule is
 * sent to nobody (fail closed).
 *
 * <p>A rule decides from the reader's organisation and role only, never the user name: the hub asks it once per
 * batch of events and organisation × role, and gives the answer to every subscriber of that group. It must
 * re-read what the event names with the same predicate as the entity's own read endpoint, so that a subscriber
 * is never sent (not even the id of) what it could not read.
 */
public interface EventRule {

  /** The event kinds this rule decides. */
  Set<String> kinds();

  /** The ids of those {@code events} (all of this rule's kinds) that {@code reader} may see. */
  Set<Long> visible(List<LiveEvent> events, Actor reader);
}
