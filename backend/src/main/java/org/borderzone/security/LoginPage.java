package org.borderzone.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Locale;
import org.borderzone.i18n.Languages;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /login}: the sign-in form of the map, rendered on the server so that it needs no script at all.
 * Texts come from the web bundle ({@code i18n/web.properties}, keys {@code login.*}) in the request's language
 * ({@link Languages}), with a language switch of plain links;
 * every text is HTML-escaped. The form posts user name, password and the CSRF token to {@code POST /login},
 * which Spring Security handles (success → {@code /}, failure → {@code /login?error}).
 */
@Controller
class LoginPage {

  private final MessageSource messages;

  LoginPage(MessageSource messages) {
    this.messages = messages;
  }

  @GetMapping(path = "/login")
  ResponseEntity<String> page(HttpServletRequest request, HttpServletResponse response) {
    String notice = request.getParameter("error") != null ? "login.error"
        : request.getParameter("logout") != null ? "login.logout" : null;
    String chosen = Languages.supported(request.getParameter(Languages.PARAM));
    if (chosen != null) { // the switch's links: remembered on this device, as the map's switch does
      ResponseCookie cookie = ResponseCookie.from(Languages.COOKIE, chosen).path("/").maxAge(Duration.ofDays(365))
          .sameSite("Lax").build();
      response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
    return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(render(request, notice));
  }

  /** The page with the 'too many attempts' notice, status 429 (used by the throttle for form logins). */
  ResponseEntity<String> throttled(HttpServletRequest request, long minutes) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.TEXT_HTML)
        .body(render(request, "login.throttled", minutes));
  }

  /** The page saying sign-in is impossible right now, status 503 (the database is unreachable). */
  ResponseEntity<String> unavailable(HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.TEXT_HTML)
        .body(render(request, "login.unavailable"));
  }

  String render(HttpServletRequest request, String noticeKey, Object... args) {
    Locale locale = Languages.locale(request);
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    String user = request.getParameter("username");
    StringBuilder html = new StringBuilder(1500);
    html.append("<!DOCTYPE html>\n<html lang=\"").append(esc(locale.getLanguage()))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(text("login.title", locale)).append("</title>\n")
        .append("<link rel=\"icon\" href=\"/img/icon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"/css/login.css\">\n")
        .append("<link rel=\"stylesheet\" href=\"/css/i18n.css\">\n<link rel=\"stylesheet\" href=\"/css/e2e.css\">\n</head>\n<body>\n")
        .append(switcher(locale))
        .append("<main class=\"login\">\n<h1>").append(text("login.heading", locale)).append("</h1>\n")
        .append("<p class=\"subtitle\">").append(text("login.subtitle", locale)).append("</p>\n");
    if (noticeKey != null) {
      html.append("<p class=\"notice ").append(noticeKey.equals("login.logout") ? "info" : "error")
          .append("\" role=\"alert\">").append(text(noticeKey, locale, args)).append("</p>\n");
    }
    html.append("<form method=\"post\" action=\"/login\">\n")
        .append("<label for=\"username\">").append(text("login.username", locale)).append("</label>\n")
        .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus")
        .append(user == null ? "" : " value=\"" + esc(user) + "\"").append(">\n")
        .append("<label for=\"password\">").append(text("login.password", locale)).append("</label>\n")
        .append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n");
    if (csrf != null) {
      html.append("<input type=\"hidden\" name=\"").append(esc(csrf.getParameterName())).append("\" value=\"")
          .append(esc(csrf.getToken())).append("\">\n");
    }
    html.append("<button type=\"submit\">").append(text("login.submit", locale)).append("</button>\n")
        .append("</form>\n</main>\n</body>\n</html>\n");
    return html.toString();
  }

  /**
   * The language switch of the login page: plain links ({@code ?lang=km}), so it works without any script; the
   * page then remembers the choice in the {@code bz_lang} cookie. Each language is named in itself.
   */
  private String switcher(Locale locale) {
    StringBuilder b = new StringBuilder("<nav id=\"lang-switch\" class=\"lang-switch\" aria-label=\"")
        .append(text("lang.switch", locale)).append("\">");
    for (String lang : Languages.SUPPORTED) {
      boolean current = lang.equals(locale.getLanguage());
      b.append("<a href=\"/login?lang=").append(lang).append("\" lang=\"").append(lang).append("\" hreflang=\"")
          .append(lang).append('"').append(current ? " aria-current=\"true\"" : "").append('>')
          .append(esc(Languages.AUTONYMS.get(lang))).append("</a>");
    }
    return b.append("</nav>\n").toString();
  }

  private String text(String key, Locale locale, Object... args) {
    return esc(messages.getMessage(key, args, key, locale));
  }

  private static String esc(String s) {
    return HtmlUtils.htmlEscape(s, "UTF-8");
  }
}
