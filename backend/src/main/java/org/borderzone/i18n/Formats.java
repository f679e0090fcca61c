package org.borderzone.i18n;

import com.ibm.icu.text.DateFormat;
import com.ibm.icu.text.DateFormatSymbols;
import com.ibm.icu.text.DecimalFormatSymbols;
import com.ibm.icu.text.NumberFormat;
import com.ibm.icu.text.NumberingSystem;
import com.ibm.icu.text.SimpleDateFormat;
import com.ibm.icu.util.TimeZone;
import com.ibm.icu.util.ULocale;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dates and numbers for people, in English, Khmer and Lao, formatted by ICU4J (CLDR 49) and nothing else: the
 * JDK (CLDR 39) and the browsers disagree on Khmer separators, and Chromium has no Khmer or Lao data at all, so
 * the web client formats from the tables of {@link #clientData} (docs/I18N.md). Times are shown in Indochina
 * Time (UTC+7, no daylight saving: Phnom Penh and Vientiane alike). Latin digits are the default in all three
 * languages (CLDR's default); {@link #of(Locale, boolean)} with {@code nativeDigits} gives Khmer or Lao digits.
 *
 * <p>ICU formatters are not thread-safe: {@link #of} hands out a {@link Bound} per use (one export, one
 * problem), which keeps its formatters for that use.
 */
public final class Formats {

  /** The time zone of every date shown: Cambodia and Laos, UTC+7 all year. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Phnom_Penh");

  private Formats() {}

  /** The formatters of one language ({@code en}, {@code km}, {@code lo}; anything else English), Latin digits. */
  public static Bound of(Locale locale) {
    return of(locale, false);
  }

  public static Bound of(Locale locale, boolean nativeDigits) {
    String lang = Languages.supported(locale == null ? null : locale.toLanguageTag());
    return new Bound(lang == null ? "en" : lang, nativeDigits);
  }

  /** Formatters of one language, for one thread. */
  public static final class Bound {
    private final String language;
    private final ULocale locale;
    private final TimeZone zone = TimeZone.getTimeZone(ZONE.getId());
    private DateFormat full;
    private DateFormat shortDate;
    private DateFormat medium;
    private DateFormat dateTime;

    Bound(String language, boolean nativeDigits) {
      this.language = language;
      this.locale = new ULocale(language + (nativeDigits ? "@numbers=native" : ""));
    }

    public String language() {
      return language;
    }

    /** "Tuesday, December 1, 2026" · "អង្គារ 1 ធ្នូ 2026" · "ວັນອັງຄານ, 1 ທັນວາ 2026". */
    public String fullDate(LocalDate day) {
      if (full == null) {
        full = date(DateFormat.getDateInstance(DateFormat.FULL, locale));
      }
      return full.format(noon(day));
    }

    /** "12/1/26" · "1/12/26" · "1/12/2026". */
    public String shortDate(LocalDate day) {
      if (shortDate == null) {
        shortDate = date(DateFormat.getDateInstance(DateFormat.SHORT, locale));
      }
      return shortDate.format(noon(day));
    }

    /** "Dec 1, 2026" · "1 ធ្នូ 2026" · "1 ທ.ວ. 2026": the lists' and popups' date. */
    public String mediumDate(LocalDate day) {
      if (medium == null) {
        medium = date(DateFormat.getDateInstance(DateFormat.MEDIUM, locale));
      }
      return medium.format(noon(day));
    }

    /** A moment in UTC+7: "Dec 1, 2026, 11:30 PM" · "1 ធ្នូ 2026, 11:30 PM" · "1 ທ.ວ. 2026, 23:30". */
    public String dateTime(Instant t) {
      if (dateTime == null) {
        dateTime = date(DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT, locale));
      }
      return dateTime.format(Date.from(t));
    }

    /** A number with exactly {@code digits} decimals and grouping: "1,234,567.89" · lo "1.234.567,89". */
    public String number(double value, int digits) {
      NumberFormat f = NumberFormat.getNumberInstance(locale);
      f.setMinimumFractionDigits(digits);
      f.setMaximumFractionDigits(digits);
      return f.format(value);
    }

    /** A number as a message argument: grouping and up to three decimals, like MessageFormat's default. */
    public String decimal(double value) {
      NumberFormat f = NumberFormat.getNumberInstance(locale);
      f.setMaximumFractionDigits(3);
      return f.format(value);
    }

    /**
     * Message arguments with every number formatted here ({@link java.text.MessageFormat} would format them with
     * the JDK's older CLDR data, which disagrees on Khmer separators); other values pass unchanged.
     */
    public Object[] args(Object[] args) {
      if (args == null) {
        return null;
      }
      Object[] out = args.clone();
      for (int i = 0; i < out.length; i++) {
        if (out[i] instanceof Long || out[i] instanceof Integer || out[i] instanceof Short
            || out[i] instanceof java.math.BigInteger) {
          out[i] = integer(((Number) out[i]).longValue());
        } else if (out[i] instanceof Number n) {
          out[i] = decimal(n.doubleValue());
        }
      }
      return out;
    }

    /** An integer with grouping: "1,048,576" · lo "1.048.576". */
    public String integer(long value) {
      return NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** A ratio (0.457) as a percentage with {@code digits} decimals: "45.7%" · lo "45,7%". */
    public String percent(double ratio, int digits) {
      NumberFormat f = NumberFormat.getPercentInstance(locale);
      f.setMinimumFractionDigits(digits);
      f.setMaximumFractionDigits(digits);
      return f.format(ratio);
    }

    private DateFormat date(DateFormat f) {
      f.setTimeZone(zone);
      return f;
    }

    private Date noon(LocalDate day) {
      return Date.from(day.atTime(12, 0).atZone(ZONE).toInstant());
    }
  }

  /**
   * What the web client needs to format like {@link Bound} without the browser's {@code Intl} (which has no
   * Khmer or Lao data in Chromium): month and weekday names (format context; weekdays from Sunday), the number
   * symbols, the native digits, and the ICU patterns of the dates it shows.
   */
  public static Map<String, Object> clientData(Locale locale) {
    Bound b = of(locale);
    ULocale u = new ULocale(b.language());
    DateFormatSymbols s = new DateFormatSymbols(u);
    DecimalFormatSymbols d = DecimalFormatSymbols.getInstance(u);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("language", b.language());
    out.put("months", List.of(s.getMonths()));
    out.put("monthsShort", List.of(s.getShortMonths()));
    out.put("weekdays", Arrays.asList(s.getWeekdays()).subList(1, 8));
    out.put("weekdaysShort", Arrays.asList(s.getShortWeekdays()).subList(1, 8));
    out.put("ampm", List.of(s.getAmPmStrings()));
    out.put("decimal", String.valueOf(d.getDecimalSeparator()));
    out.put("group", String.valueOf(d.getGroupingSeparator()));
    out.put("percent", d.getPercentString());
    out.put("minus", d.getMinusSignString());
    out.put("nativeDigits", NumberingSystem.getInstance(new ULocale(b.language() + "@numbers=native")).getDescription());
    Map<String, String> patterns = new LinkedHashMap<>();
    patterns.put("fullDate", pattern(DateFormat.getDateInstance(DateFormat.FULL, u)));
    patterns.put("mediumDate", pattern(DateFormat.getDateInstance(DateFormat.MEDIUM, u)));
    patterns.put("shortDate", pattern(DateFormat.getDateInstance(DateFormat.SHORT, u)));
    patterns.put("dateTime", pattern(DateFormat.getDateTimeInstance(DateFormat.MEDIUM, DateFormat.SHORT, u)));
    patterns.put("time", pattern(DateFormat.getTimeInstance(DateFormat.SHORT, u)));
    out.put("patterns", patterns);
    out.put("utcOffsetMinutes", 7 * 60);
    return out;
  }

  private static String pattern(DateFormat f) {
    return ((SimpleDateFormat) f).toPattern();
  }
}
