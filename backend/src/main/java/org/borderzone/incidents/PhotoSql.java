package org.borderzone.incidents;

/**
 * SQL of the incidents' photos (V18). Every read goes through the photo's incident with
 * {@link Releasability#PREDICATE} for the alias {@code i}: a photo is visible exactly when its incident is, and
 * its photos are not withheld from the caller by a release ({@link Releasability#SEEN}: then 404).
 */
final class PhotoSql {

  private PhotoSql() {}

  /** The incident (by public id) locked for adding a photo, only if visible to the caller (else 404). */
  static final String LOCK_INCIDENT = "select i.id, i.owner_org from incident i where i.public_id = :publicId and "
      + Releasability.PREDICATE + " for update";

  /** How many photos the incident has, and the next number. */
  static final String COUNT = """
      select count(*), coalesce(max(n), 0) + 1 from incident_photo where incident_id = :incidentId
      """;

  static final String INSERT = """
      insert into incident_photo (incident_id, n, media_type, bytes, sha256, owner_org, created_by)
      values (:incidentId, :n, :mediaType, :bytes, :sha256, :ownerOrg, :createdBy)
      """;

  /** One photo's description (without its bytes), as a JSON object. */
  private static final String ENTRY = """
      json_build_object('n', p.n, 'mediaType', p.media_type, 'bytes', length(p.bytes),
        'sha256', encode(p.sha256, 'hex'), 'ownerOrg', p.owner_org,
        'createdBy', case when 'reporter' = any(i.withheld) then null else p.created_by end,
        'createdAt', p.created_at, 'href', '/api/incidents/' || i.public_id || '/photos/' || p.n)
      """;

  /** One photo's description (for the answer of an add: the owner's, so nothing is withheld). */
  static final String ONE_ENTRY = "select (" + ENTRY + ")::text from incident_photo p join (select i.id, i.public_id,"
      + " '{}'::text[] as withheld from incident i) i on i.id = p.incident_id"
      + " where p.incident_id = :incidentId and p.n = :n";

  /** The photos of an incident visible to the caller, in order; no row when the incident is not visible. */
  static final String LIST = "select coalesce((select json_agg(" + ENTRY + " order by p.n) from incident_photo p"
      + " where p.incident_id = i.id), '[]'::json)::text from " + Releasability.SEEN
      + " i where i.public_id = :publicId and not 'photos' = any(i.withheld) and " + Releasability.PREDICATE;

  /** The bytes of one photo, only if its incident is visible to the caller. */
  static final String BYTES = "select p.media_type, p.bytes, encode(p.sha256, 'hex') from incident_photo p join "
      + Releasability.SEEN + " i on i.id = p.incident_id where i.public_id = :publicId and p.n = :n"
      + " and not 'photos' = any(i.withheld) and " + Releasability.PREDICATE;
}
