package org.borderzone.progress;

import java.time.Clock;
import org.borderzone.system.ApiException;
import org.borderzone.system.MonthWindow;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/progress}: how far demarcation has come, in km and % per status, per sector and over time. */
@RestController
@RequestMapping(path = "/api/progress", produces = "application/json")
class ProgressController {

  private final ProgressReport report;

  ProgressController(ProgressReport report) {
    this.report = report;
  }

  @GetMapping
  ProgressReport.Progress progress() {
    return report.progress();
  }

  /**
   * km per status at each month end, border-wide; {@code by=sector} adds each sector's figures and the target
   * (the Progress panel's chart, docs/CHARTS.md). {@code from}, {@code to}: months {@code YYYY-MM} (or days),
   * optional, at most {@value ProgressReport#MAX_MONTHS} months (422 {@code from}); the answer is clipped to the
   * recorded history and the current month.
   */
  @GetMapping("/timeline")
  ProgressReport.Timeline timeline(@RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String by) {
    boolean bySector = false;
    if (by != null && !by.isBlank()) {
      if (!by.strip().equals("sector")) {
        throw ApiException.badField("by", "error.unknown-value", by.strip(), "sector");
      }
      bySector = true;
    }
    MonthWindow window = MonthWindow.parse(from, to, ProgressReport.MAX_MONTHS, ProgressReport.MAX_MONTHS,
        Clock.systemUTC());
    return report.timeline(window, bySector);
  }
}
