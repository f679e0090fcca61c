package org.borderzone.i18n;

import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * The texts of one language for one use (an export, a GPX file): keys of the server's bundles, numbers in the
 * arguments formatted by {@link Formats} (never by the JDK's MessageFormat data), a missing Khmer or Lao text
 * in English, a missing key as the given fallback (a machine name such as a column name, never a key name).
 */
public final class Texts {

  private final MessageSource messages;
  private final Locale locale;
  private final Formats.Bound formats;

  public Texts(MessageSource messages, Locale locale) {
    this.messages = messages;
    this.locale = locale;
    this.formats = Formats.of(locale);
  }

  public String get(String key, String fallback, Object... args) {
    return messages.getMessage(key, formats.args(args), fallback, locale);
  }

  public Formats.Bound formats() {
    return formats;
  }

  public Locale locale() {
    return locale;
  }
}
