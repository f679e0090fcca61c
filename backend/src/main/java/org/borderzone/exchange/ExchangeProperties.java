package org.borderzone.exchange;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code borderzone.exchange.*}: the deadlines of liaison messages per precedence (docs/EXCHANGE.md, "Liaison
 * messages"). {@code deadlines.<PRECEDENCE>.ack} and {@code .answer} are ISO 8601 or Spring durations counted
 * from {@code sent_at}: the server stores {@code ack_due_at = sent_at + ack} and {@code due_at = sent_at + answer}
 * (V21), and the inbox marks a message overdue from them. A precedence left out keeps its default (FLASH 15 min /
 * 2 h, IMMEDIATE 1 h / 8 h, PRIORITY 4 h / 24 h, ROUTINE 24 h / 72 h); a deadline must be positive and the
 * answer no earlier than the acknowledgement (the table's check), else the server does not start.
 */
@ConfigurationProperties("borderzone.exchange")
public record ExchangeProperties(Map<String, Deadline> deadlines) {

  /** The two deadlines of one precedence. */
  public record Deadline(Duration ack, Duration answer) {}

  /** The defaults of the contract (issue 12). */
  static final Map<MessageModel.Precedence, Deadline> DEFAULTS = Map.of(
      MessageModel.Precedence.FLASH, new Deadline(Duration.ofMinutes(15), Duration.ofHours(2)),
      MessageModel.Precedence.IMMEDIATE, new Deadline(Duration.ofHours(1), Duration.ofHours(8)),
      MessageModel.Precedence.PRIORITY, new Deadline(Duration.ofHours(4), Duration.ofHours(24)),
      MessageModel.Precedence.ROUTINE, new Deadline(Duration.ofHours(24), Duration.ofHours(72)));

  public ExchangeProperties {
    Map<MessageModel.Precedence, Deadline> merged = new EnumMap<>(DEFAULTS);
    if (deadlines != null) {
      for (Map.Entry<String, Deadline> e : deadlines.entrySet()) {
        MessageModel.Precedence p;
        try {
          p = MessageModel.Precedence.valueOf(e.getKey().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
          throw new IllegalArgumentException("borderzone.exchange.deadlines: unknown precedence " + e.getKey());
        }
        Deadline d = DEFAULTS.get(p);
        Deadline given = e.getValue();
        merged.put(p, new Deadline(given == null || given.ack() == null ? d.ack() : given.ack(),
            given == null || given.answer() == null ? d.answer() : given.answer()));
      }
    }
    for (Map.Entry<MessageModel.Precedence, Deadline> e : merged.entrySet()) {
      Deadline d = e.getValue();
      if (d.ack().isNegative() || d.ack().isZero() || d.answer().compareTo(d.ack()) < 0) {
        throw new IllegalArgumentException("borderzone.exchange.deadlines." + e.getKey()
            + ": ack must be positive and answer at least ack, got " + d);
      }
    }
    Map<String, Deadline> out = new java.util.LinkedHashMap<>();
    merged.forEach((k, v) -> out.put(k.name(), v));
    deadlines = Map.copyOf(out);
  }

  /** The deadlines of {@code p} (always present). */
  Deadline of(MessageModel.Precedence p) {
    return deadlines.get(p.name());
  }
}
