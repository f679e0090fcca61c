package org.borderzone.exchange;

import java.util.List;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.EnumParam;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.borderzone.exchange.MessageModel.Box;
import org.borderzone.exchange.MessageModel.Kind;
import org.borderzone.exchange.MessageModel.Precedence;
import org.borderzone.exchange.MessageModel.State;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Liaison messages between organisations (issue 12, item 1; docs/EXCHANGE.md "Liaison messages"). A message goes
 * from the caller's organisation to another one (the other side, a third party or the joint body), in a thread
 * per subject; its deadlines come from its precedence ({@link ExchangeProperties}); its state moves forward only
 * (SENT → ACKNOWLEDGED → ANSWERED → CLOSED), each move by whom the rules allow ({@link Ownership}), recorded in
 * the row's {@code *_by/*_at}, in {@code liaison_state_change} and in the audit trail, with the version bumped.
 * Nothing is ever deleted. Only the parties read a message or thread: an outsider gets 404 and an empty list.
 */
@Service
class MessageService {

  /** Audit entity of every message act ({@link MessageAuditVisibility}). */
  static final String ENTITY = "liaison_message";

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Ownership ownership;
  private final Organisations organisations;
  private final ExchangeProperties props;

  MessageService(JdbcClient jdbc, AuditLog audit, Ownership ownership, Organisations organisations,
      ExchangeProperties props) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.ownership = ownership;
    this.organisations = organisations;
    this.props = props;
  }

  // ------------------------------------------------------------------------------------------------ writes

  /** Sends a new message (201 with it): the request is checked whole before anything is stored. */
  @Transactional
  String send(MessageRequests.Send body, Actor actor) {
    ownership.requireCanSendMessage(actor, "from");
    MessageRequests.Checked c = MessageRequests.check(body, organisations);
    if (!MessageModel.SENDABLE.contains(c.kind())) {
      throw ApiException.unprocessable("kind", "error.message.response-by-reply");
    }
    long threadId;
    Organisation to = c.to();
    if (c.threadId() != null) {
      record Party(long id, String from, String to) {}
      Party t = jdbc.sql(MessageSql.THREAD_FOR_PARTY).param("id", c.threadId()).param("viewerOrg", actor.orgCode())
          .query((rs, n) -> new Party(rs.getLong(1), rs.getString(2), rs.getString(3))).optional()
          .orElseThrow(() -> ApiException.unprocessable("thread", "error.message.unknown-thread", c.threadId()));
      String other = t.from().equals(actor.orgCode()) ? t.to() : t.from();
      if (to == null) {
        to = Organisation.of(other);
      } else if (!to.code().equals(other)) {
        throw ApiException.unprocessable("to", "error.message.thread-parties", t.from(), t.to());
      }
      threadId = t.id();
    } else {
      if (to == null) {
        throw ApiException.badField("to", "error.required");
      }
      threadId = -1;
    }
    if (actor.belongsTo(to)) {
      throw ApiException.unprocessable("to", "error.message.to-self", to.code());
    }
    checkAttachments(c.attachments(), actor, "attachments");
    String area = c.area() == null ? null : MessageArea.check(c.area(), jdbc);
    if (threadId < 0) {
      threadId = jdbc.sql(MessageSql.INSERT_THREAD).param("subject", c.subject()).param("from", actor.orgCode())
          .param("to", to.code()).param("user", actor.username()).query(Long.class).single();
    }
    Inserted sent = insert(threadId, null, c.kind(), c.precedence(), to, c.body(), area, c.attachments(), actor);
    return one(sent.publicId().toString(), actor, false);
  }

  /**
   * The addressee answers: a RESPONSE from the addressee to the sender in the same thread, replying to the
   * message, which becomes ANSWERED (and ACKNOWLEDGED at the same moment if it was still SENT: both times are
   * recorded, and both state changes). 201 with the response.
   */
  @Transactional
  String reply(String id, MessageRequests.Reply body, Actor actor) {
    Locked m = lock(id, actor);
    ownership.requireMessageAddressee(actor, Organisation.of(m.to()), "id");
    MessageRequests.CheckedReply c = MessageRequests.check(body);
    checkVersion(m, c.version());
    if (m.state() != State.SENT && m.state() != State.ACKNOWLEDGED) {
      throw ApiException.conflict("state", "error.message.state", m.state(), State.ANSWERED);
    }
    checkAttachments(c.attachments(), actor, "attachments");
    String before = row(m.id());
    Inserted response = insert(m.threadId(), m.id(), Kind.RESPONSE, m.precedence(), Organisation.of(m.from()),
        c.body(), null, c.attachments(), actor);
    jdbc.sql(MessageSql.ANSWER).param("user", actor.username()).param("answer", response.id()).param("id", m.id())
        .update();
    if (m.state() == State.SENT) {
      stateChange(m.id(), State.SENT, State.ACKNOWLEDGED, actor);
    }
    stateChange(m.id(), State.ACKNOWLEDGED, State.ANSWERED, actor);
    audit.record(actor, "ANSWER", ENTITY, m.publicId(), before, row(m.id()));
    return one(response.publicId().toString(), actor, false);
  }

  /** The addressee acknowledges a SENT message. */
  @Transactional
  String acknowledge(String id, MessageRequests.Move body, Actor actor) {
    Locked m = lock(id, actor);
    ownership.requireMessageAddressee(actor, Organisation.of(m.to()), "id");
    checkVersion(m, body == null ? null : body.version());
    if (m.state() != State.SENT) {
      throw ApiException.conflict("state", "error.message.state", m.state(), State.ACKNOWLEDGED);
    }
    String before = row(m.id());
    jdbc.sql(MessageSql.ACKNOWLEDGE).param("user", actor.username()).param("id", m.id()).update();
    stateChange(m.id(), State.SENT, State.ACKNOWLEDGED, actor);
    audit.record(actor, "ACKNOWLEDGE", ENTITY, m.publicId(), before, row(m.id()));
    return one(m.publicId().toString(), actor, false);
  }

  /** Either party closes an acknowledged or answered message (a SENT one must be acknowledged first). */
  @Transactional
  String close(String id, MessageRequests.Move body, Actor actor) {
    Locked m = lock(id, actor);
    ownership.requireMessageParty(actor, Organisation.of(m.from()), Organisation.of(m.to()), "id");
    checkVersion(m, body == null ? null : body.version());
    if (m.state() != State.ACKNOWLEDGED && m.state() != State.ANSWERED) {
      throw ApiException.conflict("state", "error.message.state", m.state(), State.CLOSED);
    }
    String before = row(m.id());
    jdbc.sql(MessageSql.CLOSE).param("user", actor.username()).param("id", m.id()).update();
    stateChange(m.id(), m.state(), State.CLOSED, actor);
    audit.record(actor, "CLOSE", ENTITY, m.publicId(), before, row(m.id()));
    return one(m.publicId().toString(), actor, false);
  }

  /** A stored message's ids. */
  record Inserted(long id, UUID publicId) {}

  private Inserted insert(long threadId, Long inReplyTo, Kind kind, Precedence precedence, Organisation to,
      String text, String areaWkt, List<MessageRequests.Attachment> attachments, Actor actor) {
    ExchangeProperties.Deadline d = props.of(precedence);
    Inserted ids = jdbc.sql(MessageSql.INSERT_MESSAGE).param("thread", threadId).param("inReplyTo", inReplyTo)
        .param("kind", kind.name()).param("precedence", precedence.name()).param("from", actor.orgCode())
        .param("to", to.code()).param("body", text).param("area", areaWkt).param("user", actor.username())
        .param("ackSeconds", (double) d.ack().toMillis() / 1000).param("answerSeconds", (double) d.answer().toMillis() / 1000)
        .query((rs, n) -> new Inserted(rs.getLong(1), rs.getObject(2, UUID.class))).single();
    for (MessageRequests.Attachment a : attachments) {
      jdbc.sql(MessageSql.INSERT_ATTACHMENT).param("message", ids.id()).param("kind", a.kind().word())
          .param("ref", a.id()).update();
    }
    stateChange(ids.id(), null, State.SENT, actor);
    audit.record(actor, "SEND", ENTITY, ids.publicId(), null, row(ids.id()));
    return ids;
  }

  /** Each attachment must name something that exists and, for an incident, that the sender may read. */
  private void checkAttachments(List<MessageRequests.Attachment> list, Actor actor, String field) {
    for (int i = 0; i < list.size(); i++) {
      MessageRequests.Attachment a = list.get(i);
      String f = field + "[" + i + "].id";
      boolean ok = switch (a.kind()) {
        case INCIDENT -> Releasability.bind(jdbc.sql(MessageSql.INCIDENT_VISIBLE).param("id", UUID.fromString(a.id())),
            actor).query(Boolean.class).single();
        case SEGMENT -> jdbc.sql(MessageSql.SEGMENT_EXISTS).param("id", a.id()).query(Boolean.class).single();
        case PILLAR -> jdbc.sql(MessageSql.PILLAR_EXISTS).param("id", Integer.parseInt(a.id()))
            .query(Boolean.class).single();
        case PLACE -> jdbc.sql(MessageSql.PLACE_EXISTS).param("id", Long.parseLong(a.id())).query(Boolean.class).single();
      };
      if (!ok) {
        throw ApiException.unprocessable(f, "error.message.unknown-attachment", a.kind().word(), a.id());
      }
    }
  }

  private void checkVersion(Locked m, Integer version) {
    if (version != null && version != m.version()) {
      throw ApiException.conflict("version", "error.stale-version-of", "message", version, m.version());
    }
  }

  private void stateChange(long messageId, State from, State to, Actor actor) {
    jdbc.sql(MessageSql.INSERT_STATE_CHANGE).param("message", messageId).param("from", from == null ? null : from.name())
        .param("to", to.name()).param("user", actor.username()).param("org", actor.orgCode()).update();
  }

  private String row(long id) {
    return jdbc.sql(MessageSql.ROW_JSON).param("id", id).query(String.class).single();
  }

  /** A message of the caller's organisation, locked; an outsider's or unknown id is 404. */
  record Locked(long id, UUID publicId, long threadId, Precedence precedence, String from, String to, State state,
      int version) {}

  private Locked lock(String id, Actor actor) {
    UUID uuid = uuid(id, "message");
    return jdbc.sql(MessageSql.LOCK).param("id", uuid).param("viewerOrg", actor.orgCode())
        .query((rs, n) -> new Locked(rs.getLong("id"), rs.getObject("public_id", UUID.class), rs.getLong("thread_id"),
            Precedence.valueOf(rs.getString("precedence")), rs.getString("from_org"), rs.getString("to_org"),
            State.valueOf(rs.getString("state")), rs.getInt("version")))
        .optional().orElseThrow(() -> ApiException.notFound("message", id));
  }

  /** A path id: a UUID, or 404 (an id that cannot exist is as unknown as one that does not). */
  static UUID uuid(String id, String entity) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound(entity, id);
    }
  }

  // ------------------------------------------------------------------------------------------------ reads

  /** One message; opening it marks it read for the caller when the caller's organisation is the addressee. */
  @Transactional
  String open(String id, Actor actor) {
    UUID uuid = uuid(id, "message");
    jdbc.sql(MessageSql.MARK_READ).param("id", uuid).param("viewer", actor.username())
        .param("viewerOrg", actor.orgCode()).update();
    return one(id, actor, true);
  }

  private String one(String id, Actor actor, boolean geo) {
    UUID uuid = uuid(id, "message");
    return Releasability.bind(jdbc.sql(MessageSql.ONE).param("id", uuid).param("viewer", actor.username())
        .param("geo", geo), actor).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("message", id));
  }

  /** A thread with its messages in order; the caller's unread ones in it become read (they are shown). */
  @Transactional
  String thread(String id, Actor actor) {
    UUID uuid = uuid(id, "thread");
    jdbc.sql(MessageSql.MARK_THREAD_READ).param("id", uuid).param("viewer", actor.username())
        .param("viewerOrg", actor.orgCode()).update();
    return Releasability.bind(jdbc.sql(MessageSql.THREAD).param("id", uuid).param("viewer", actor.username())
        .param("geo", true), actor).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("thread", id));
  }

  /** A page of a box with the inbox's counts. */
  String list(String box, String state, Boolean overdue, Integer limit, Integer offset, int maxLimit, Actor actor) {
    Box b = box == null || box.isBlank() ? Box.INBOX : EnumParam.parse(Box.class, box, "box");
    State s = state == null || state.isBlank() ? null : EnumParam.parse(State.class, state, "state");
    int lim = limit == null ? 50 : limit;
    if (lim < 1 || lim > maxLimit) {
      throw ApiException.badField("limit", "error.range", 1, maxLimit);
    }
    int off = offset == null ? 0 : offset;
    if (off < 0) {
      throw ApiException.badField("offset", "error.min", 0);
    }
    return Releasability.bind(jdbc.sql(MessageSql.LIST).param("box", b.name()).param("state", s == null ? null : s.name())
        .param("overdue", Boolean.TRUE.equals(overdue)).param("limit", lim).param("offset", off)
        .param("viewer", actor.username()).param("geo", false), actor).query(String.class).single();
  }
}
