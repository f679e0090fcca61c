package org.borderzone.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transition rules of DESIGN.md as a table, every from × to pair written out by hand:
 * {@code PENDING → SURVEYED → DEMARCATED → RATIFIED} one step at a time, any status → {@code DISPUTED},
 * {@code DISPUTED} → any other status, nothing else (and never to the same status).
 */
class SegmentStatusTransitionsTest {

  static final String TABLE = """
      PENDING,    PENDING,    false
      PENDING,    SURVEYED,   true
      PENDING,    DEMARCATED, false
      PENDING,    RATIFIED,   false
      PENDING,    DISPUTED,   true
      SURVEYED,   PENDING,    false
      SURVEYED,   SURVEYED,   false
      SURVEYED,   DEMARCATED, true
      SURVEYED,   RATIFIED,   false
      SURVEYED,   DISPUTED,   true
      DEMARCATED, PENDING,    false
      DEMARCATED, SURVEYED,   false
      DEMARCATED, DEMARCATED, false
      DEMARCATED, RATIFIED,   true
      DEMARCATED, DISPUTED,   true
      RATIFIED,   PENDING,    false
      RATIFIED,   SURVEYED,   false
      RATIFIED,   DEMARCATED, false
      RATIFIED,   RATIFIED,   false
      RATIFIED,   DISPUTED,   true
      DISPUTED,   PENDING,    true
      DISPUTED,   SURVEYED,   true
      DISPUTED,   DEMARCATED, true
      DISPUTED,   RATIFIED,   true
      DISPUTED,   DISPUTED,   false
      """;

  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource(textBlock = TABLE)
  void transition(SegmentStatus from, SegmentStatus to, boolean legal) {
    assertEquals(legal, from.canMoveTo(to));
  }

  /** The table above is complete: it lists each of the 5 × 5 pairs exactly once. */
  @Test
  void tableCoversEveryPair() {
    Set<String> pairs = new HashSet<>();
    TABLE.lines().filter(l -> !l.isBlank()).forEach(l -> {
      String[] c = l.split(",");
      SegmentStatus.valueOf(c[0].strip());
      SegmentStatus.valueOf(c[1].strip());
      assertEquals(true, pairs.add(c[0].strip() + ">" + c[1].strip()), "listed twice: " + l);
    });
    assertEquals(SegmentStatus.values().length * SegmentStatus.values().length, pairs.size());
  }
}
