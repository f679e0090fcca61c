package org.borderzone.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends one {@code audit_event} row per write. It must be called inside the transaction of the change
 * ({@link Propagation#MANDATORY}): the change and its audit row commit or roll back together.
 * {@code before} and {@code after} are JSON documents (produced by PostgreSQL, e.g. {@code to_jsonb(row)}).
 */
@Component
public class AuditLog {

  private final JdbcClient jdbc;

  AuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void record(Actor actor, String action, String entity, Object entityId, String beforeJson,
      String afterJson) {
    jdbc.sql(AuditSql.RECORD)
        .param("user", actor.username())
        .param("org", actor.orgCode())
        .param("action", action)
        .param("entity", entity)
        .param("entityId", entityId == null ? null : String.valueOf(entityId))
        .param("before", beforeJson)
        .param("after", afterJson)
        .param("addr", clientAddress())
        .update();
  }

  private static String clientAddress() {
    if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes sra) {
      HttpServletRequest req = sra.getRequest();
      return req.getRemoteAddr();
    }
    return null;
  }
}
