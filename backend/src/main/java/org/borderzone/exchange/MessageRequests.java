package org.borderzone.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.borderzone.exchange.MessageModel.AttachmentKind;
import org.borderzone.exchange.MessageModel.Kind;
import org.borderzone.exchange.MessageModel.Precedence;
import org.borderzone.system.ApiException;
import org.borderzone.system.EnumParam;
import org.borderzone.system.Limits;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of the message writes and their checks, before anything is read or stored: malformed or missing
 * fields are 400 naming the field, values over a bound (V21's text lengths, 20 attachments) 422 naming it and
 * the limit. Whether what an attachment names exists, and whether the sender may read it, the service checks.
 */
final class MessageRequests {

  private MessageRequests() {}

  /** Longest subject (V21). */
  static final int SUBJECT_MAX = 200;
  /** Longest body (V21). */
  static final int BODY_MAX = 20000;
  /** Most attachments of one message. */
  static final int ATTACHMENTS_MAX = 20;
  /** Longest attachment id (V21). */
  static final int REF_MAX = 64;

  /** One attachment as sent: {@code {kind: incident|segment|pillar|place, id}} (an id a string or an integer). */
  record AttachmentBody(String kind, JsonNode id) {}

  /**
   * {@code POST /api/messages}: a new thread ({@code subject}) or a message in an existing one ({@code thread},
   * whose other party is the addressee when {@code to} is left out).
   */
  record Send(String kind, String precedence, String to, String subject, String thread, String body,
      List<AttachmentBody> attachments, JsonNode area) {}

  /** {@code POST /api/messages/{id}/reply}. */
  record Reply(String body, List<AttachmentBody> attachments, Integer version) {}

  /** {@code POST /api/messages/{id}/acknowledge} and {@code /close}: an optional version (stale: 409). */
  record Move(Integer version) {}

  /** A checked attachment: the kind and the id in its stored form (an incident's UUID in lower case). */
  record Attachment(AttachmentKind kind, String id) {}

  record Checked(Kind kind, Precedence precedence, Organisation to, String subject, UUID threadId, String body,
      List<Attachment> attachments, JsonNode area) {}

  record CheckedReply(String body, List<Attachment> attachments, Integer version) {}

  static Checked check(Send s, Organisations organisations) {
    if (s == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    Kind kind = EnumParam.parse(Kind.class, s.kind(), "kind");
    Precedence precedence = EnumParam.parse(Precedence.class, s.precedence(), "precedence");
    Organisation to = s.to() == null ? null : organisations.parse(s.to(), "to");
    UUID thread = null;
    String subject = null;
    if (s.thread() != null) {
      if (s.subject() != null) {
        throw ApiException.badField("subject", "error.message.subject-or-thread");
      }
      try {
        thread = UUID.fromString(s.thread().strip());
      } catch (IllegalArgumentException e) {
        throw ApiException.badField("thread", "error.message.thread-id", s.thread());
      }
    } else {
      subject = text(s.subject(), "subject", SUBJECT_MAX);
    }
    String body = text(s.body(), "body", BODY_MAX);
    JsonNode area = s.area() == null || s.area().isNull() ? null : s.area();
    return new Checked(kind, precedence, to, subject, thread, body, attachments(s.attachments()), area);
  }

  static CheckedReply check(Reply r) {
    if (r == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    return new CheckedReply(text(r.body(), "body", BODY_MAX), attachments(r.attachments()), r.version());
  }

  /** A required text: not blank, at most {@code max} characters (422 naming it and the limit). */
  private static String text(String value, String field, int max) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    String v = field.equals("subject") ? value.strip() : value;
    Limits.check(field, "error.message.too-long", max, v.length());
    return v;
  }

  private static List<Attachment> attachments(List<AttachmentBody> list) {
    if (list == null) {
      return List.of();
    }
    Limits.check("attachments", "error.message.attachments-limit", ATTACHMENTS_MAX, list.size());
    List<Attachment> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String f = "attachments[" + i + "]";
      AttachmentBody a = list.get(i);
      if (a == null) {
        throw ApiException.badField(f, "error.required");
      }
      AttachmentKind kind = EnumParam.parse(AttachmentKind.class, a.kind(), f + ".kind");
      JsonNode idNode = a.id();
      if (idNode == null || idNode.isNull()) {
        throw ApiException.badField(f + ".id", "error.required");
      }
      if (!idNode.isString() && !idNode.isIntegralNumber()) {
        throw ApiException.badField(f + ".id", "error.wrong-type", idNode.toString());
      }
      String id = idNode.isString() ? idNode.asString().strip() : idNode.asString();
      if (id.isEmpty()) {
        throw ApiException.badField(f + ".id", "error.required");
      }
      Limits.check(f + ".id", "error.message.too-long", REF_MAX, id.length());
      id = switch (kind) {
        case INCIDENT -> {
          try {
            yield UUID.fromString(id).toString();
          } catch (IllegalArgumentException e) {
            throw ApiException.badField(f + ".id", "error.message.attachment-id", kind.word(), id);
          }
        }
        case PILLAR, PLACE -> {
          try {
            long n = kind == AttachmentKind.PILLAR ? Integer.parseInt(id) : Long.parseLong(id);
            yield Long.toString(n);
          } catch (NumberFormatException e) {
            throw ApiException.badField(f + ".id", "error.message.attachment-id", kind.word(), id);
          }
        }
        case SEGMENT -> id.toUpperCase(Locale.ROOT);
      };
      if (!seen.add(kind.word() + ":" + id)) {
        throw ApiException.unprocessable(f, "error.message.attachment-duplicate", kind.word(), id);
      }
      out.add(new Attachment(kind, id));
    }
    return List.copyOf(out);
  }
}
