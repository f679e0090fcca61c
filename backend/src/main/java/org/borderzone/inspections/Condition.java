package org.borderzone.inspections;

import org.borderzone.pillars.PillarStatus;

/**
 * The condition of one pillar as a joint inspection found it, and the pillar status it leads to.
 *
 * <table>
 *   <caption>condition → pillar status</caption>
 *   <tr><th>condition</th><th>pillar was PLANNED</th><th>otherwise</th></tr>
 *   <tr><td>GOOD</td><td>PLACED</td><td>VERIFIED</td></tr>
 *   <tr><td>DAMAGED</td><td>DAMAGED</td><td>DAMAGED</td></tr>
 *   <tr><td>DISPLACED</td><td>DAMAGED</td><td>DAMAGED</td></tr>
 *   <tr><td>MISSING</td><td>PLANNED (unchanged)</td><td>MISSING</td></tr>
 * </table>
 *
 * A PLANNED pillar found GOOD has been built but its placement was never recorded: the inspection records it
 * as PLACED, and a later inspection that finds it GOOD verifies it. A PLANNED pillar not found in the field is
 * what "planned" already means, so it stays PLANNED. A displaced pillar no longer marks its agreed position
 * and counts as DAMAGED (the finding keeps the condition, the measured position and the offset).
 */
enum Condition {
  GOOD, DAMAGED, MISSING, DISPLACED;

  PillarStatus pillarStatus(PillarStatus current) {
    return switch (this) {
      case GOOD -> current == PillarStatus.PLANNED ? PillarStatus.PLACED : PillarStatus.VERIFIED;
      case DAMAGED, DISPLACED -> PillarStatus.DAMAGED;
      case MISSING -> current == PillarStatus.PLANNED ? PillarStatus.PLANNED : PillarStatus.MISSING;
    };
  }
}
