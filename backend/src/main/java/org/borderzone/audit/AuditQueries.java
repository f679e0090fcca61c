package org.borderzone.audit;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit page behind {@link AuditController}: one statement ({@link AuditSql#page}) joining every entity's
 * read rule ({@link AuditVisibility}).
 */
@Component
class AuditQueries {

  private final JdbcClient jdbc;
  private final String pageSql;

  AuditQueries(JdbcClient jdbc, List<AuditVisibility> rules) {
    this.jdbc = jdbc;
    this.pageSql = AuditSql.page(rules);
  }

  /** One page as {@code {total, page, size, items}}; null filters match everything. */
  String page(String entity, String user, OffsetDateTime from, OffsetDateTime to, boolean jointOnly, String viewerOrg,
      int page, int size) {
    return jdbc.sql(pageSql)
        .param("entity", entity)
        .param("user", user)
        .param("from", from)
        .param("to", to)
        .param("jointOnly", jointOnly)
        .param("viewerOrg", viewerOrg)
        .param("joint", List.copyOf(AuditController.JOINT))
        .param("page", page)
        .param("size", size)
        .param("offset", (long) page * size)
        .query(String.class).single();
  }
}
