package org.borderzone.incidents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Photos of incidents, stored in PostgreSQL ({@code incident_photo}, V18). Adding one: the incident must be
 * visible to the caller (else 404) and owned by the caller's organisation ({@link Ownership}, else 403); the
 * body must be the JPEG or PNG its Content-Type says, within {@link ReportProperties#maxPhotos} per incident; it
 * is stored without its location metadata ({@link PhotoSanitizer}) and audited in the same transaction. Reading
 * one: exactly who may read the incident ({@link Releasability} in every statement of {@link PhotoSql}).
 */
@Service
class IncidentPhotos {

  /** A stored photo's bytes and type. */
  record Photo(String mediaType, byte[] bytes, String sha256) {}

  /** An added photo: its description (JSON text) and its number. */
  record Added(int n, String entry) {}

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Ownership ownership;
  private final ReportProperties report;
  private final JsonMapper json;

  IncidentPhotos(JdbcClient jdbc, AuditLog audit, Ownership ownership, ReportProperties report, JsonMapper json) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.ownership = ownership;
    this.report = report;
    this.json = json;
  }

  @Transactional
  public Added add(UUID publicId, String contentType, byte[] body, Actor actor) {
    record Locked(long id, Organisation owner) {}
    Locked inc = Releasability.bind(jdbc.sql(PhotoSql.LOCK_INCIDENT).param("publicId", publicId), actor)
        .query((rs, i) -> new Locked(rs.getLong(1), Organisation.of(rs.getString(2))))
        .optional().orElseThrow(() -> ApiException.notFound("incident", publicId));
    ownership.requireCanAddIncidentPhoto(actor, inc.owner());
    long[] count = jdbc.sql(PhotoSql.COUNT).param("incidentId", inc.id())
        .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    if (count[0] >= report.maxPhotos()) {
      throw ApiException.unprocessable("photos", "error.photo-count", report.maxPhotos());
    }
    String declared = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    PhotoSanitizer.Clean clean;
    try {
      clean = PhotoSanitizer.clean(body, declared);
    } catch (PhotoSanitizer.NotAnImage e) {
      throw e.wrongType ? ApiException.unprocessable("body", "error.photo-type", declared)
          : ApiException.unprocessable("body", "error.photo-malformed", declared, e.getMessage());
    }
    byte[] sha = sha256(clean.bytes());
    int n = (int) count[1];
    jdbc.sql(PhotoSql.INSERT).param("incidentId", inc.id()).param("n", n).param("mediaType", clean.mediaType())
        .param("bytes", clean.bytes()).param("sha256", sha).param("ownerOrg", inc.owner().code())
        .param("createdBy", actor.username()).update();
    ObjectNode after = json.createObjectNode().put("photo", n).put("mediaType", clean.mediaType())
        .put("bytes", clean.bytes().length).put("receivedBytes", body.length)
        .put("sha256", HexFormat.of().formatHex(sha)).put("gpsRemoved", clean.gpsRemoved())
        .put("droppedSegments", clean.droppedSegments());
    audit.record(actor, "ADD_PHOTO", "incident", publicId, null, json.writeValueAsString(after));
    String entry = jdbc.sql(PhotoSql.ONE_ENTRY).param("incidentId", inc.id()).param("n", n).query(String.class)
        .single();
    ObjectNode answer = (ObjectNode) json.readTree(entry);
    answer.put("gpsRemoved", clean.gpsRemoved());
    return new Added(n, json.writeValueAsString(answer));
  }

  /** The photos' descriptions of a visible incident (JSON array text), else empty. */
  @Transactional(readOnly = true)
  public Optional<String> list(UUID publicId, Actor actor) {
    return Releasability.bind(jdbc.sql(PhotoSql.LIST).param("publicId", publicId), actor).query(String.class)
        .optional();
  }

  /** One photo of a visible incident, else empty. */
  @Transactional(readOnly = true)
  public Optional<Photo> one(UUID publicId, int n, Actor actor) {
    return Releasability.bind(jdbc.sql(PhotoSql.BYTES).param("publicId", publicId).param("n", n), actor)
        .query((rs, i) -> new Photo(rs.getString(1), rs.getBytes(2), rs.getString(3))).optional();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
