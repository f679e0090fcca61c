package org.borderzone.security;

import org.borderzone.audit.AuditLog;
import org.borderzone.i18n.Languages;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's stored UI language ({@code PUT /api/me/language}): one of {@link Languages#SUPPORTED}, spelled
 * exactly ({@code "km"}, not {@code "KM"} or {@code "km-KH"}: a stored value is never guessed), 422 naming
 * {@code language} for anything else. Only the caller's own row is ever written, so there is no ownership
 * question; the change is audited like every write.
 */
@Service
class UserLanguage {

  /** The body: {@code {"language":"km"}}. */
  record Change(String language) {}

  private final UserRepository users;
  private final AuditLog audit;

  UserLanguage(UserRepository users, AuditLog audit) {
    this.users = users;
    this.audit = audit;
  }

  @Transactional
  String set(long userId, Change body, Actor actor) {
    if (body == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String language = body.language();
    if (language == null || language.isEmpty()) {
      throw ApiException.unprocessable("language", "error.language-required", String.join(", ", Languages.SUPPORTED));
    }
    if (!Languages.SUPPORTED.contains(language)) {
      throw ApiException.unprocessable("language", "error.language-unsupported",
          String.join(", ", Languages.SUPPORTED));
    }
    users.lock(userId).orElseThrow(() -> ApiException.notFound("user", userId));
    String before = users.auditJson(userId);
    users.setLanguage(userId, language);
    audit.record(actor, "USER_LANGUAGE", "user", userId, before, users.auditJson(userId));
    return language;
  }
}
