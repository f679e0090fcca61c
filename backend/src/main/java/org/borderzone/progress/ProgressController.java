package org.borderzone.progress;

import org.springframework.web.bind.annotation.GetMapping;
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

  @GetMapping("/timeline")
  ProgressReport.Timeline timeline() {
    return report.timeline();
  }
}
