package org.borderzone.basemap;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.borderzone.i18n.Formats;
import org.borderzone.i18n.Languages;
import org.borderzone.system.ApiException;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/i18n?lang=en}: every text of the web front end ({@code i18n/web*.properties}) as one JSON
 * object of key → text, resolved through the application's {@link MessageSource} in the requested language.
 * A language without a bundle falls back to English (the base bundle); {@code Content-Language} says which
 * language answered. Without {@code lang} the request's language decides ({@link Languages}: the user's stored
 * language, the {@code bz_lang} cookie, {@code Accept-Language}).
 *
 * <p>The member {@value #FORMAT} carries the formatting tables of that language computed by ICU4J
 * ({@link Formats#clientData}: month and weekday names, number symbols, native digits, date patterns), because
 * Chromium's {@code Intl} has no Khmer or Lao data (docs/I18N.md).
 */
@RestController
class I18nController {

  static final String BUNDLE = "i18n/web";
  /** The member of the answer that holds the formatting tables (never a text key: keys have no underscore start). */
  static final String FORMAT = "_format";
  private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  private final MessageSource messages;

  I18nController(MessageSource messages) {
    this.messages = messages;
  }

  @GetMapping(path = "/api/i18n", produces = "application/json")
  ResponseEntity<Map<String, Object>> texts(@RequestParam(required = false) String lang,
      HttpServletRequest request) {
    if (lang != null && !LANG.matcher(lang).matches()) {
      throw ApiException.badField("lang", "error.lang");
    }
    Locale requested = lang != null ? Locale.forLanguageTag(lang) : Languages.locale(request);
    ResourceBundle bundle;
    try {
      bundle = ResourceBundle.getBundle(BUNDLE, requested,
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    } catch (MissingResourceException e) {
      throw new IllegalStateException("the web text bundle " + BUNDLE + " is missing", e);
    }
    Locale answered = bundle.getLocale() == null || bundle.getLocale().getLanguage().isEmpty()
        ? Locale.ENGLISH : bundle.getLocale();
    Map<String, Object> out = new TreeMap<>();
    for (String key : bundle.keySet()) {
      out.put(key, messages.getMessage(key, null, bundle.getString(key), answered));
    }
    out.put(FORMAT, Formats.clientData(answered));
    return ResponseEntity.ok()
        // with ?lang the answer is the same for everyone; without it, it depends on who asks and their cookie
        .cacheControl(lang != null ? CacheControl.maxAge(Duration.ofHours(1)).cachePublic()
            : CacheControl.noCache().cachePrivate())
        .header(HttpHeaders.CONTENT_LANGUAGE, answered.toLanguageTag())
        .body(out);
  }
}
