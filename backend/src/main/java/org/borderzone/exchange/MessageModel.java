package org.borderzone.exchange;

import java.util.Set;

/**
 * The words of liaison messages (V21 {@code liaison_message}, docs/EXCHANGE.md "Liaison messages"): the kinds a
 * sender may choose (a RESPONSE is made only by a reply), the precedences with their deadlines
 * ({@link ExchangeProperties}), the states that only move forward, and what an attachment may name.
 */
final class MessageModel {

  private MessageModel() {}

  /** What a message is. RESPONSE is written by {@code POST /api/messages/{id}/reply} only. */
  enum Kind { ALERT, RFI, RESPONSE, DISASTER_NOTICE }

  /** The kinds {@code POST /api/messages} accepts. */
  static final Set<Kind> SENDABLE = Set.of(Kind.ALERT, Kind.RFI, Kind.DISASTER_NOTICE);

  /** How urgent: each has an acknowledgement and an answer deadline. */
  enum Precedence { FLASH, IMMEDIATE, PRIORITY, ROUTINE }

  /** SENT → ACKNOWLEDGED → ANSWERED → CLOSED, forward only (a step may be implicit: a reply acknowledges). */
  enum State { SENT, ACKNOWLEDGED, ANSWERED, CLOSED }

  /** What an attachment names: an incident (public id), a segment (code), a pillar (id), a place (GeoNames id). */
  enum AttachmentKind { INCIDENT, SEGMENT, PILLAR, PLACE;

    /** The word stored in {@code liaison_attachment.ref_kind}. */
    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Which boxes {@code GET /api/messages?box=} knows: addressed to the caller's organisation, sent by it, both. */
  enum Box { INBOX, SENT, ALL }
}
