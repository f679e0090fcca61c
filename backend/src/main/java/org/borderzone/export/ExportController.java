package org.borderzone.export;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.borderzone.i18n.Languages;
import org.borderzone.i18n.Texts;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.JsonOut;
import org.borderzone.system.MediaFormats;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.context.MessageSource;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/exports/{dataset}?f=geojson|json|csv|kml|gpkg|fgb&bbox=…&from=…&to=…&type=…&status=…}: a
 * download of what the caller may read of one dataset ({@link Dataset}), with the map's filters, in one format
 * (chosen by {@code f} or by {@code Accept}; GeoJSON by default), streamed (docs/EXPORTS.md). The file name is
 * the dataset and the date: {@code incidents-2026-12-02.gpkg}.
 */
@RestController
@RequestMapping("/api/exports")
class ExportController {

  private final ExportService service;
  private final CurrentActor actor;
  private final ContentNegotiationManager negotiation;
  private final JsonMapper json;
  private final MessageSource messages;

  ExportController(ExportService service, CurrentActor actor, ContentNegotiationManager mvcContentNegotiationManager,
      JsonMapper json, MessageSource messages) {
    this.messages = messages;
    this.service = service;
    this.actor = actor;
    this.negotiation = mvcContentNegotiationManager;
    this.json = json;
  }

  @GetMapping(path = "/{dataset}", produces = {org.borderzone.system.GeoJsonMedia.GEO_JSON,
      MediaType.APPLICATION_JSON_VALUE, MediaFormats.CSV, MediaFormats.KML, MediaFormats.GPKG, MediaFormats.FGB})
  void export(@PathVariable String dataset, HttpServletRequest req, HttpServletResponse res) throws IOException {
    Dataset d = Dataset.find(dataset);
    if (d == null) {
      throw ApiException.notFound("dataset", dataset.length() > 40 ? dataset.substring(0, 40) : dataset);
    }
    ExportFormat format = format(req);
    ExportFilter filter = ExportFilter.parse(d, req.getParameterMap());
    boolean bom = bom(req.getParameter("bom"));
    Actor me = actor.get();
    String file = d.id + "-" + LocalDate.now(ZoneOffset.UTC) + "." + format.extension;
    if (format == ExportFormat.GPKG) {
      Path tmp = Files.createTempFile("borderzone-export-", ".gpkg");
      try {
        GpkgExport[] w = new GpkgExport[1];
        try {
          service.export(d, filter, format, me, extent -> w[0] = new GpkgExport(tmp.toFile()));
        } catch (RuntimeException e) {
          if (w[0] != null) {
            w[0].abort();
          }
          throw e;
        }
        headers(res, format, file);
        res.setContentLengthLong(Files.size(tmp));
        try (OutputStream out = res.getOutputStream()) {
          Files.copy(tmp, out);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    service.export(d, filter, format, me, extent -> {
      headers(res, format, file);
      return switch (format) {
        case GEOJSON, JSON -> new GeoJsonExport(JsonOut.geoJson(req, res, json));
        case CSV -> new CsvExport(new BufferedOutputStream(res.getOutputStream(), 64 * 1024), bom);
        case KML -> new KmlExport(new BufferedOutputStream(res.getOutputStream(), 64 * 1024),
            new Texts(messages, Languages.locale(req)));
        case FGB -> new FgbExport(new BufferedOutputStream(res.getOutputStream(), 64 * 1024), extent);
        case GPKG -> throw new IllegalStateException();
      };
    });
  }

  /** The first requested media type that is a format; GeoJSON for a wildcard or no preference. */
  private ExportFormat format(HttpServletRequest req) {
    for (MediaType t : MediaFormats.requested(negotiation, req)) {
      ExportFormat f = ExportFormat.of(t);
      if (f != null) {
        return f;
      }
      if (t.isWildcardType() || (t.isWildcardSubtype() && "application".equals(t.getType()))) {
        return ExportFormat.GEOJSON;
      }
    }
    return ExportFormat.GEOJSON;
  }

  private static void headers(HttpServletResponse res, ExportFormat format, String file) {
    res.setStatus(200);
    res.setContentType(format.mediaType.toString()
        + (format == ExportFormat.CSV || format == ExportFormat.KML ? ";charset=UTF-8" : ""));
    res.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString());
    res.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  /** {@code bom}: true (the default, for Excel) or false. */
  static boolean bom(String v) {
    if (v == null || v.isBlank() || v.strip().equalsIgnoreCase("true") || v.strip().equals("1")) {
      return true;
    }
    if (v.strip().equalsIgnoreCase("false") || v.strip().equals("0")) {
      return false;
    }
    throw ApiException.badField("bom", "error.unknown-value", v.length() > 20 ? v.substring(0, 20) : v, "true, false");
  }
}
