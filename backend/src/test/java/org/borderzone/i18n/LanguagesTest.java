package org.borderzone.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The order of {@link Languages#resolve}: ?lang, stored, cookie, Accept-Language, English; bad values skipped. */
class LanguagesTest {

  record User(String language) implements Languages.Preferring {}

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  static MockHttpServletRequest request(String query, String cookie, String accept) {
    MockHttpServletRequest r = new MockHttpServletRequest("GET", "/api/x");
    r.setQueryString(query);
    if (cookie != null) {
      r.setCookies(new Cookie(Languages.COOKIE, cookie));
    }
    if (accept != null) {
      r.addHeader("Accept-Language", accept);
    }
    return r;
  }

  static void signedIn(String language) {
    SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(new User(language), null));
  }

  @Test
  void eachStepWinsOverTheNext() {
    signedIn("lo");
    assertThat(Languages.resolve(request("a=1&lang=km", "en", "en"))).isEqualTo("km");
    assertThat(Languages.resolve(request(null, "km", "km"))).isEqualTo("lo");
    signedIn(null);
    assertThat(Languages.resolve(request(null, "km", "lo"))).isEqualTo("km");
    assertThat(Languages.resolve(request(null, null, "de-DE,lo;q=0.8,km;q=0.9"))).isEqualTo("km");
    assertThat(Languages.resolve(request(null, null, "de"))).isEqualTo("en");
    assertThat(Languages.resolve(request(null, null, null))).isEqualTo("en");
  }

  @Test
  void unsupportedOrHostileValuesAreSkipped() {
    assertThat(Languages.resolve(request("lang=fr", "zz", "lo-LA"))).isEqualTo("lo");
    assertThat(Languages.resolve(request("lang=%E0%A4", "km-KH", null))).isEqualTo("km");
    assertThat(Languages.resolve(request("lang=" + "k".repeat(100), null, ";;;q=x"))).isEqualTo("en");
    assertThat(Languages.resolve(request(null, null, "km;q=0,lo;q=0.1"))).isEqualTo("lo");
    assertThat(Languages.supported("LO")).isEqualTo("lo");
    assertThat(Languages.supported("km_KH")).isEqualTo("km");
    assertThat(Languages.supported("")).isNull();
  }
}
