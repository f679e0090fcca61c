package org.borderzone.exchange;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.MediaFormats;
import org.borderzone.system.MonthWindow;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/exchange/figures} and {@code /api/exchange/figures.csv}: the exchange figures of the annual
 * report for the caller's organisation (docs/EXCHANGE.md "Exchange figures"). {@code year=YYYY}, or {@code from}
 * and {@code to} (months {@code YYYY-MM} or days, both inclusive), at most {@value ExchangeFigures#MAX_MONTHS}
 * months (422 {@code from}); by default the last 12 months. The CSV is the same answer as tidy rows (RFC 4180,
 * UTF-8, CRLF, one header row), numbers machine-readable in every language.
 */
@RestController
class ExchangeFiguresController {

  private final ExchangeFigures figures;
  private final CurrentActor actor;

  ExchangeFiguresController(ExchangeFigures figures, CurrentActor actor) {
    this.figures = figures;
    this.actor = actor;
  }

  @GetMapping(path = "/api/exchange/figures", produces = "application/json")
  ExchangeFigures.Figures json(@RequestParam(required = false) String year,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return figures.figures(figures.window(year, from, to), actor.get());
  }

  @GetMapping(path = "/api/exchange/figures.csv", produces = MediaFormats.CSV)
  void csv(@RequestParam(required = false) String year, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, HttpServletResponse res) throws IOException {
    MonthWindow w = figures.window(year, from, to);
    ExchangeFigures.Figures f = figures.figures(w, actor.get());
    String file = "exchange-figures-" + (f.org() == null ? "none" : f.org()) + "-" + f.from() + "-" + f.to() + ".csv";
    res.setStatus(200);
    res.setContentType(MediaFormats.CSV + ";charset=UTF-8");
    res.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString());
    res.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    Writer out = new OutputStreamWriter(res.getOutputStream(), StandardCharsets.UTF_8);
    CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF).build(out);
    csv.writeRecord(ExchangeFigures.COLUMNS);
    for (String[] row : ExchangeFigures.rows(f)) {
      csv.writeRecord(row);
    }
    csv.flush();
    out.flush();
  }
}
