package org.borderzone.system;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A window of whole UTC days read from {@code from} and {@code to} query parameters for monthly series (the
 * charts, docs/CHARTS.md): each is a month {@code YYYY-MM} or a day {@code YYYY-MM-DD}, both inclusive
 * ({@code to=2024-12} ends with 31 December, {@code to=2024-12-15} with that day). {@code fromDay} is inclusive,
 * {@code toDay} exclusive, so a day-keyed table ({@code incident_rollup.day}) holds exactly the window's rows.
 * The months are those the window touches, oldest first; at most {@code maxMonths} of them (else 422 naming
 * {@code from}, before any query runs).
 */
public record MonthWindow(LocalDate fromDay, LocalDate toDay, List<YearMonth> months) {

  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /**
   * Parses the window; absent bounds default to today (UTC) and to the first day of the month
   * {@code defaultMonths − 1} months before the end's month.
   */
  public static MonthWindow parse(String from, String to, int defaultMonths, int maxMonths, Clock clock) {
    LocalDate toDay = blank(to) ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1) : bound(to, "to", true);
    LocalDate fromDay = blank(from)
        ? YearMonth.from(toDay.minusDays(1)).minusMonths(defaultMonths - 1L).atDay(1)
        : bound(from, "from", false);
    if (!fromDay.isBefore(toDay)) {
      throw ApiException.badField("from", "error.date-order");
    }
    YearMonth first = YearMonth.from(fromDay);
    YearMonth last = YearMonth.from(toDay.minusDays(1));
    long n = ChronoUnit.MONTHS.between(first, last) + 1;
    Limits.check("from", "error.limit-months", maxMonths, n);
    List<YearMonth> months = new ArrayList<>((int) n);
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      months.add(m);
    }
    return new MonthWindow(fromDay, toDay, List.copyOf(months));
  }

  /** The window's last day (inclusive). */
  public LocalDate lastDay() {
    return toDay.minusDays(1);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A month or a day; an upper bound is returned as the day after it ends (exclusive). */
  private static LocalDate bound(String text, String field, boolean upper) {
    String s = text.strip();
    try {
      if (MONTH.matcher(s).matches()) {
        YearMonth m = YearMonth.parse(s);
        return upper ? m.plusMonths(1).atDay(1) : m.atDay(1);
      }
      if (DAY.matcher(s).matches()) {
        LocalDate d = LocalDate.parse(s);
        return upper ? d.plusDays(1) : d;
      }
    } catch (DateTimeParseException e) {
      // falls through to the 400 below
    }
    throw ApiException.badField(field, "error.month-or-date", s);
  }
}
