package org.borderzone.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden strings of {@link Formats} per language (ICU4J 79.1, CLDR 49), read off ICU's output character by
 * character: en puts a narrow no-break space (U+202F) before AM/PM; km keeps Latin digits and English
 * separators by default, but with Khmer digits the separators swap (CLDR); lo groups with '.' and has a decimal
 * comma and a 24-hour clock. A change of ICU version that moves any of these fails here first.
 */
class FormatsTest {

  static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  /** 23:30 in Phnom Penh and Vientiane (UTC+7). */
  static final Instant MOMENT = Instant.parse("2026-12-01T16:30:00Z");

  @Test
  void english() {
    Formats.Bound f = Formats.of(Locale.ENGLISH);
    assertThat(f.fullDate(DAY)).isEqualTo("Tuesday, December 1, 2026");
    assertThat(f.shortDate(DAY)).isEqualTo("12/1/26");
    assertThat(f.mediumDate(DAY)).isEqualTo("Dec 1, 2026");
    assertThat(f.dateTime(MOMENT)).isEqualTo("Dec 1, 2026, 11:30\u202FPM");
    assertThat(f.number(1234567.891, 2)).isEqualTo("1,234,567.89");
    assertThat(f.percent(0.4567, 1)).isEqualTo("45.7%");
    assertThat(f.integer(1048576)).isEqualTo("1,048,576");
  }

  @Test
  void khmer() {
    Formats.Bound f = Formats.of(Locale.forLanguageTag("km"));
    assertThat(f.fullDate(DAY)).isEqualTo("អង្គារ 1 ធ្នូ 2026");
    assertThat(f.shortDate(DAY)).isEqualTo("1/12/26");
    assertThat(f.mediumDate(DAY)).isEqualTo("1 ធ្នូ 2026");
    assertThat(f.dateTime(MOMENT)).isEqualTo("1 ធ្នូ 2026, 11:30 PM");
    assertThat(f.number(1234567.891, 2)).isEqualTo("1,234,567.89");
    assertThat(f.percent(0.4567, 1)).isEqualTo("45.7%");
  }

  @Test
  void khmerWithKhmerDigits() {
    Formats.Bound f = Formats.of(Locale.forLanguageTag("km"), true);
    assertThat(f.fullDate(DAY)).isEqualTo("អង្គារ ១ ធ្នូ ២០២៦");
    assertThat(f.shortDate(DAY)).isEqualTo("១/១២/២៦");
    assertThat(f.number(1234567.891, 2)).isEqualTo("១.២៣៤.៥៦៧,៨៩");
    assertThat(f.percent(0.4567, 1)).isEqualTo("៤៥,៧%");
  }

  @Test
  void lao() {
    Formats.Bound f = Formats.of(Locale.forLanguageTag("lo"));
    assertThat(f.fullDate(DAY)).isEqualTo("ວັນອັງຄານ, 1 ທັນວາ 2026");
    assertThat(f.shortDate(DAY)).isEqualTo("1/12/2026");
    assertThat(f.mediumDate(DAY)).isEqualTo("1 ທ.ວ. 2026");
    assertThat(f.dateTime(MOMENT)).isEqualTo("1 ທ.ວ. 2026, 23:30");
    assertThat(f.number(1234567.891, 2)).isEqualTo("1.234.567,89");
    assertThat(f.percent(0.4567, 1)).isEqualTo("45,7%");
    assertThat(Formats.of(Locale.forLanguageTag("lo"), true).number(45.5, 1)).isEqualTo("໔໕,໕");
  }

  @Test
  void anyOtherLanguageIsEnglish() {
    assertThat(Formats.of(Locale.GERMAN).number(1234.5, 1)).isEqualTo("1,234.5");
    assertThat(Formats.of(null).language()).isEqualTo("en");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theClientTablesAreIcus() {
    Map<String, Object> km = Formats.clientData(Locale.forLanguageTag("km"));
    assertThat((List<Object>) km.get("months")).hasSize(12).startsWith("មករា").endsWith("ធ្នូ");
    assertThat((List<Object>) km.get("weekdays")).hasSize(7).startsWith("អាទិត្យ");
    assertThat(km.get("nativeDigits")).isEqualTo("០១២៣៤៥៦៧៨៩");
    assertThat(km.get("decimal")).isEqualTo(".");
    Map<String, String> kmPatterns = (Map<String, String>) km.get("patterns");
    assertThat(kmPatterns).containsEntry("fullDate", "EEEE d MMMM y").containsEntry("mediumDate", "d MMM y");
    Map<String, Object> lo = Formats.clientData(Locale.forLanguageTag("lo"));
    assertThat(lo.get("decimal")).isEqualTo(",");
    assertThat(lo.get("group")).isEqualTo(".");
    assertThat((List<Object>) lo.get("monthsShort")).startsWith("ມ.ກ.").endsWith("ທ.ວ.");
    assertThat(lo.get("nativeDigits")).isEqualTo("໐໑໒໓໔໕໖໗໘໙");
  }
}
