package org.borderzone.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.borderzone.system.ApiException;

/**
 * The minimum password policy for new passwords (create and reset): at least {@value #MIN_LENGTH}
 * characters, at most {@value #MAX_BYTES} bytes in UTF-8 (bcrypt reads no further) and not the user name.
 * The demo accounts (password {@code borderzone}) are seeded directly and are not subject to it.
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 12;
  static final int MAX_BYTES = 72;

  private PasswordPolicy() {}

  /** Throws a 400 naming {@code field} when {@code password} is not acceptable for {@code username}. */
  static void check(String password, String username, String field) {
    if (password == null || password.isEmpty()) {
      throw ApiException.badField(field, "error.required");
    }
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw ApiException.badField(field, "error.password-short", MIN_LENGTH);
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw ApiException.badField(field, "error.password-long", MAX_BYTES);
    }
    if (password.isBlank()) {
      throw ApiException.badField(field, "error.blank");
    }
    if (username != null && password.strip().toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
      throw ApiException.badField(field, "error.password-username");
    }
  }
}
