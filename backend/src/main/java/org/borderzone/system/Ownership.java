package org.borderzone.system;

import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may change what (DESIGN.md, "Ownership"), as {@code incidents.Releasability}
 * decides who may read. The route table ({@code security.SecurityConfig#routes}) says which roles may call a
 * write at all; this class says whose data the caller may change with it. Services call it after they have
 * found (and locked) the row, so an unreadable row is still a 404, and before anything is written, so a
 * refusal (403 problem+json) stores nothing.
 *
 * <ul>
 *   <li><b>National data</b> — a patrol base, an incident's status and photos, a patrol plan (national or joint) — is
 *       changed only by members of its owner organisation ({@link #requireOwner}). The joint body (the JBC) owns
 *       its own bases, incidents and plans; it does <em>not</em> change a country's: its administrator manages
 *       users and imports, not KH or LA data.</li>
 *   <li><b>Joint data</b> — segment statuses, inspections and through them pillar statuses — is changed by the
 *       commission roles (COMMISSION, or ADMIN, which the route table lets do everything) of the organisations
 *       that share it, or of the joint body ({@link #requireJointParty}).</li>
 *   <li><b>Users</b> are managed by an ADMIN: the joint body's for every organisation, a country's for its own
 *       users only ({@link #requireCanManageUser}).</li>
 *   <li><b>Joint cases</b> (issue 12) are changed by planners and commission members of their parties
 *       ({@link #requireCaseParty}).</li>
 *   <li><b>Organisations</b> are added and changed by an ADMIN of the joint body
 *       ({@link #requireCanManageOrganisations}).</li>
 *   <li><b>Data of all sides at once</b> (the patrol network import) by an ADMIN of the joint body
 *       ({@link #requireJointBodyAdmin}).</li>
 * </ul>
 */
@Component
public class Ownership {

  private final Organisations organisations;

  Ownership(Organisations organisations) {
    this.organisations = organisations;
  }

  /**
   * National data owned by {@code owner}: only its members may change it (403 naming {@code field}).
   *
   * @param what the kind of data for the message, e.g. {@code patrol base}
   */
  public void requireOwner(Actor actor, Organisation owner, String what, String field) {
    if (owner == null || !actor.belongsTo(owner)) {
      throw ApiException.forbidden(field, "error.not-owner", what, owner == null ? "-" : owner.code(),
          actor.orgCode());
    }
  }

  /** A patrol base: create, change, move to another organisation, delete. */
  public void requireCanChangeBase(Actor actor, Organisation baseOwner, String field) {
    requireOwner(actor, baseOwner, "patrol base", field);
  }

  /**
   * An incident's status (verify, close, dismiss): only its owner organisation, SHARED or not. Call it after the
   * releasability lookup, so an incident the caller may not read stays a 404.
   */
  public void requireCanChangeIncident(Actor actor, Organisation incidentOwner) {
    requireOwner(actor, incidentOwner, "incident", "id");
  }

  /**
   * A photo added to an incident: the incident's owner organisation (the reporter's) owns its evidence, SHARED or
   * not. Call it after the releasability lookup, so an incident the caller may not read stays a 404.
   */
  public void requireCanAddIncidentPhoto(Actor actor, Organisation incidentOwner) {
    requireOwner(actor, incidentOwner, "incident", "id");
  }

  /**
   * Releasing a NATIONAL incident to another party, or withdrawing that release (issue 12, docs/EXCHANGE.md
   * "Releases"): a PLANNER (or ADMIN) of the incident's owner organisation. Call it after the releasability lookup
   * (for a withdrawal: after finding the release among the caller's), so what the caller may not read stays a 404.
   */
  public void requireCanReleaseIncident(Actor actor, Organisation incidentOwner) {
    requireOwner(actor, incidentOwner, "incident", "incident");
    if (actor.role() != Role.PLANNER && actor.role() != Role.ADMIN) {
      throw ApiException.forbidden("incident", "error.release-role", actor.role());
    }
  }

  /** A patrol plan (saving it, changing its status): only its owner organisation, joint plans included. */
  public void requireCanChangePlan(Actor actor, Organisation planOwner, String field) {
    requireOwner(actor, planOwner, "patrol plan", field);
  }

  /**
   * Joint data shared by {@code parties} (the two countries of a segment, the participants of an inspection):
   * a commission role of one of them or of the joint body.
   */
  public void requireJointParty(Actor actor, Collection<Organisation> parties, String field) {
    boolean commission = actor.role() == Role.COMMISSION || actor.role() == Role.ADMIN;
    boolean party = organisations.isJointBody(actor.org()) || parties.stream().anyMatch(actor::belongsTo);
    if (!commission || !party) {
      throw ApiException.forbidden(field, "error.not-joint-party",
          parties.stream().map(Organisation::code).sorted().collect(Collectors.joining(", ")), actor.orgCode(),
          actor.role());
    }
  }

  /**
   * Data of every side at once (the patrol network of both countries, replaced as a whole): an ADMIN of the
   * joint body.
   */
  public void requireJointBodyAdmin(Actor actor, String field) {
    if (actor.role() != Role.ADMIN || !organisations.isJointBody(actor.org())) {
      throw ApiException.forbidden(field, "error.joint-body-admin", actor.orgCode(), actor.role());
    }
  }

  /**
   * Sending a liaison message (issue 12): a PLANNER or COMMISSION member (ADMIN by the hierarchy) of an
   * organisation, which is the sender ({@code from_org} is always the caller's organisation, never chosen).
   */
  public void requireCanSendMessage(Actor actor, String field) {
    if (actor.org() == null || !exchangeRole(actor)) {
      throw ApiException.forbidden(field, "error.message.not-sender", actor.orgCode(), actor.role());
    }
  }

  /**
   * Acknowledging or answering a liaison message: a PLANNER or COMMISSION member of its addressee. Call it after
   * the message was found for a party, so that an outsider stays a 404.
   */
  public void requireMessageAddressee(Actor actor, Organisation to, String field) {
    if (!exchangeRole(actor) || !actor.belongsTo(to)) {
      throw ApiException.forbidden(field, "error.message.not-addressee", to.code(), actor.orgCode(), actor.role());
    }
  }

  /** Closing a liaison message: a PLANNER or COMMISSION member of either party. */
  public void requireMessageParty(Actor actor, Organisation from, Organisation to, String field) {
    if (!exchangeRole(actor) || !(actor.belongsTo(from) || actor.belongsTo(to))) {
      throw ApiException.forbidden(field, "error.message.not-party", from.code(), to.code(), actor.orgCode(),
          actor.role());
    }
  }

  /**
   * A joint case (proposing, confirming, rejecting, closing, adding incidents): a PLANNER or COMMISSION member
   * (ADMIN by the hierarchy) of one of its {@code parties}. Callers first answer 404 to a non-party (an outsider
   * does not learn that the case exists); this refuses the party's other roles.
   */
  public void requireCaseParty(Actor actor, Collection<Organisation> parties, String field) {
    boolean role = actor.role() == Role.PLANNER || actor.role() == Role.COMMISSION || actor.role() == Role.ADMIN;
    if (!role || parties.stream().noneMatch(actor::belongsTo)) {
      throw ApiException.forbidden(field, "error.case.not-party",
          parties.stream().map(Organisation::code).sorted().collect(Collectors.joining(", ")), actor.orgCode(),
          actor.role());
    }
  }

  /** The roles that write the exchange: PLANNER, COMMISSION and ADMIN. */
  private static boolean exchangeRole(Actor actor) {
    return actor.role() == Role.PLANNER || actor.role() == Role.COMMISSION || actor.role() == Role.ADMIN;
  }

  /**
   * The organisations themselves (adding one, changing its names or active flag): an ADMIN of the joint body; a
   * country's ADMIN gets 403 (docs/EXCHANGE.md "Organisations").
   */
  public void requireCanManageOrganisations(Actor actor, String field) {
    if (actor.role() != Role.ADMIN || !organisations.isJointBody(actor.org())) {
      throw ApiException.forbidden(field, "error.org-admin", actor.orgCode(), actor.role());
    }
  }

  /** A user of {@code userOrg}: an ADMIN of the joint body, or of that organisation. */
  public void requireCanManageUser(Actor actor, Organisation userOrg, String field) {
    if (actor.role() != Role.ADMIN || !(organisations.isJointBody(actor.org()) || actor.belongsTo(userOrg))) {
      throw ApiException.forbidden(field, "error.user-other-org", userOrg.code(), actor.orgCode(), actor.role());
    }
  }

  /**
   * A write to a meeting (issue 12: creating it, its attendees, agenda, decisions, action items and minutes): a
   * PLANNER or COMMISSION (or ADMIN) member of one of its {@code parties}. Call it after the party lookup, so a
   * meeting the caller may not read stays a 404; this refuses (403) the roles that only read.
   */
  public void requireMeetingParty(Actor actor, Collection<Organisation> parties, String field) {
    boolean writer = actor.role() == Role.PLANNER || actor.role() == Role.COMMISSION || actor.role() == Role.ADMIN;
    if (!writer || parties.stream().noneMatch(actor::belongsTo)) {
      throw ApiException.forbidden(field, "error.meetings.not-party",
          parties.stream().map(Organisation::code).sorted().collect(Collectors.joining(", ")), actor.orgCode(),
          actor.role());
    }
  }

  /** An action item marked done: a PLANNER or COMMISSION (or ADMIN) member of its owner organisation. */
  public void requireActionOwner(Actor actor, Organisation owner, String field) {
    boolean writer = actor.role() == Role.PLANNER || actor.role() == Role.COMMISSION || actor.role() == Role.ADMIN;
    if (!writer || !actor.belongsTo(owner)) {
      throw ApiException.forbidden(field, "error.meetings.action-owner", owner.code(), actor.orgCode(), actor.role());
    }
  }

  /**
   * A signature under a meeting's minutes: one per COUNTRY party, given by its PLANNER or COMMISSION member (the
   * joint body takes part but does not sign, as in the segments' two-party sign-off; an ADMIN administers, it does
   * not sign).
   */
  public void requireMinutesSigner(Actor actor, Collection<Organisation> parties, String field) {
    if (actor.role() != Role.PLANNER && actor.role() != Role.COMMISSION) {
      throw ApiException.forbidden(field, "error.meetings.sign-role", actor.role());
    }
    if (!organisations.isCountry(actor.org()) || parties.stream().noneMatch(actor::belongsTo)) {
      throw ApiException.forbidden(field, "error.meetings.sign-not-country", actor.orgCode(),
          parties.stream().filter(organisations::isCountry).map(Organisation::code).sorted()
              .collect(Collectors.joining(", ")));
    }
  }
}
