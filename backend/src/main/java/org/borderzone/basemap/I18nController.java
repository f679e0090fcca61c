package org.borderzone.basemap;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
 * language answered.
 */
@RestController
class I18nController {

  static final String BUNDLE = "i18n/web";
  private static final Pattern LANG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  private final MessageSource messages;

  I18nController(MessageSource messages) {
    this.messages = messages;
  }

  @GetMapping(path = "/api/i18n", produces = "application/json")
  ResponseEntity<Map<String, String>> texts(@RequestParam(defaultValue = "en") String lang) {
    if (!LANG.matcher(lang).matches()) {
      throw ApiException.badField("lang", "error.lang");
    }
    Locale requested = Locale.forLanguageTag(lang);
    ResourceBundle bundle;
    try {
      bundle = ResourceBundle.getBundle(BUNDLE, requested,
          ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    } catch (MissingResourceException e) {
      throw new IllegalStateException("the web text bundle " + BUNDLE + " is missing", e);
    }
    Locale answered = bundle.getLocale() == null || bundle.getLocale().getLanguage().isEmpty()
        ? Locale.ENGLISH : bundle.getLocale();
    Map<String, String> out = new TreeMap<>();
    for (String key : bundle.keySet()) {
      out.put(key, messages.getMessage(key, null, bundle.getString(key), answered));
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
        .header(HttpHeaders.CONTENT_LANGUAGE, answered.toLanguageTag())
        .body(out);
  }
}
