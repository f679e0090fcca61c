package org.borderzone.i18n;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The one place that decides the language of an answer (docs/I18N.md): {@code ?lang=} in the query string, then
 * the signed-in user's stored language, then the device's {@code bz_lang} cookie, then {@code Accept-Language},
 * then English. Only {@link #SUPPORTED} languages are answered; any other value at any step is skipped (never an
 * error: a stale cookie or a browser in German must not break a page). It is Spring MVC's {@code localeResolver},
 * and the problem writer, the login page and the exports call {@link #resolve} directly, also from filters that
 * run before MVC and from Tomcat's error valve (where no user is known).
 */
@Component("localeResolver")
public class Languages implements LocaleResolver {

  /** The languages of the bundles, the default first. */
  public static final List<String> SUPPORTED = List.of("en", "km", "lo");

  /** Each language named in itself, for the language switches (not translations, so not in the bundles). */
  public static final java.util.Map<String, String> AUTONYMS =
      java.util.Map.of("en", "English", "km", "ខ្មែរ", "lo", "ລາວ");

  /** The per-device cookie the language switch sets (readable by the page's script, so not HttpOnly). */
  public static final String COOKIE = "bz_lang";

  /** The query parameter that wins over everything else. */
  public static final String PARAM = "lang";

  /** A principal that carries its stored language (null: none stored). */
  public interface Preferring {
    String language();
  }

  /** {@code en}, {@code km} or {@code lo} for a language tag of one of them ({@code km-KH}, {@code LO}), else null. */
  public static String supported(String tag) {
    if (tag == null || tag.isBlank() || tag.length() > 35) {
      return null;
    }
    String lang = Locale.forLanguageTag(tag.strip().replace('_', '-')).getLanguage();
    return SUPPORTED.contains(lang) ? lang : null;
  }

  /** The language of this request: one of {@link #SUPPORTED}. */
  public static String resolve(HttpServletRequest request) {
    try {
      String q = supported(queryParam(request.getQueryString()));
      if (q != null) {
        return q;
      }
      String stored = stored();
      if (stored != null) {
        return stored;
      }
      String cookie = supported(cookie(request));
      if (cookie != null) {
        return cookie;
      }
      String accept = acceptLanguage(request.getHeader("Accept-Language"));
      return accept != null ? accept : SUPPORTED.get(0);
    } catch (RuntimeException hostile) { // a request the container could barely parse: never fail an error page
      return SUPPORTED.get(0);
    }
  }

  /** {@link #resolve} as a {@link Locale}. */
  public static Locale locale(HttpServletRequest request) {
    return Locale.forLanguageTag(resolve(request));
  }

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    return locale(request);
  }

  @Override
  public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
    throw new UnsupportedOperationException("the language is stored with PUT /api/me/language or the bz_lang cookie");
  }

  /** The value of {@code lang} in a raw query string (the body of a form post is never read for it). */
  static String queryParam(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&", 64)) {
      if (pair.startsWith(PARAM + "=")) {
        try {
          return URLDecoder.decode(pair.substring(PARAM.length() + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  private static String stored() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.getPrincipal() instanceof Preferring p) {
      return supported(p.language());
    }
    return null;
  }

  private static String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  /** The first supported language of an {@code Accept-Language} header, by weight; null for none or garbage. */
  static String acceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 1000) {
      return null;
    }
    try {
      for (Locale.LanguageRange r : Locale.LanguageRange.parse(header)) {
        String lang = r.getWeight() > 0 ? supported(r.getRange()) : null;
        if (lang != null) {
          return lang;
        }
      }
    } catch (IllegalArgumentException malformed) {
      return null;
    }
    return null;
  }
}
