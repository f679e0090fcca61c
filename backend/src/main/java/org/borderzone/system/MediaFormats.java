package org.borderzone.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.accept.ParameterContentNegotiationStrategy;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.condition.ProducesRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Content negotiation, in one place (docs/EXPORTS.md, "Content negotiation"):
 *
 * <ul>
 *   <li>{@code ?f=} as an alternative to {@code Accept}, as OGC clients use it: {@link #F} is THE table of
 *       {@code f} values (Spring's parameter strategy, ahead of the {@code Accept} header). An unknown value is a
 *       400 problem+json naming {@code f}, never a bare 406. {@code f=json} and {@code f=html} mean what the
 *       OGC API pages (under {@code /ogc}) take them to mean; tiles ({@code /tiles/*.mvt}) take no {@code f}.
 *   <li>{@code application/json} is accepted wherever {@code application/geo+json} is produced: every mapping
 *       that produces geo+json also produces json ({@link #geoJsonAlsoJson}), and a geo+json answer to a
 *       client that accepts json but not geo+json is labelled {@code application/json} ({@link JsonLabel}).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class MediaFormats implements WebMvcConfigurer {

  public static final String CSV = "text/csv";
  /** KML 2.2 (OGC 07-147r2, IANA registration). */
  public static final String KML = "application/vnd.google-earth.kml+xml";
  /** GeoPackage (OGC 12-128r18, IANA registration). */
  public static final String GPKG = "application/geopackage+sqlite3";
  /** FlatGeobuf (as QGIS and GDAL name it). */
  public static final String FGB = "application/flatgeobuf";

  private static final MediaType GEO = MediaType.parseMediaType(GeoJsonMedia.GEO_JSON);

  /** THE {@code f} values and their media types. */
  public static final Map<String, MediaType> F;

  static {
    Map<String, MediaType> f = new LinkedHashMap<>();
    f.put("json", MediaType.APPLICATION_JSON);
    f.put("geojson", GEO);
    f.put("html", MediaType.TEXT_HTML);
    f.put("kml", MediaType.parseMediaType(KML));
    f.put("csv", MediaType.parseMediaType(CSV));
    f.put("gpkg", MediaType.parseMediaType(GPKG));
    f.put("fgb", MediaType.parseMediaType(FGB));
    F = java.util.Collections.unmodifiableMap(f);
  }

  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer c) {
    ParameterContentNegotiationStrategy byF = new ParameterContentNegotiationStrategy(F) {
      /** Unknown values never get here under /api ({@link FormatParameterFilter}); elsewhere Accept decides. */
      @Override
      protected MediaType handleNoMatch(NativeWebRequest request, String key) {
        return null;
      }

      @Override
      protected String getMediaTypeKey(NativeWebRequest request) {
        String key = super.getMediaTypeKey(request);
        return key == null ? null : key.strip().toLowerCase(java.util.Locale.ROOT);
      }
    };
    byF.setParameterName("f");
    c.strategies(List.of(byF, new org.springframework.web.accept.HeaderContentNegotiationStrategy()));
  }

  /**
   * 400 problem+json naming {@code f} for an unknown or repeated {@code f} under {@code /api}, before the handler
   * mapping would answer a bare 406. Runs after the security filters (so an anonymous caller still gets 401).
   * {@code /ogc} checks its own {@code f} values (OGC API pages), {@code /tiles} takes none.
   */
  @Bean
  FormatParameterFilter formatParameterFilter(ProblemWriter problems) {
    return new FormatParameterFilter(problems);
  }

  static final class FormatParameterFilter extends org.springframework.web.filter.OncePerRequestFilter {
    private final ProblemWriter problems;

    FormatParameterFilter(ProblemWriter problems) {
      this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
      return !isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
        jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
      String[] values = request.getParameterValues("f");
      if (values != null) {
        String key = values[0] == null ? "" : values[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (values.length > 1) {
          problems.write(request, response, ApiException.badField("f", "error.single-value"));
          return;
        }
        if (!F.containsKey(key)) {
          String shown = key.length() > 20 ? key.substring(0, 20) : key;
          problems.write(request, response,
              ApiException.badField("f", "error.unknown-value", shown, String.join(", ", F.keySet())));
          return;
        }
      }
      chain.doFilter(request, response);
    }
  }

  /** Every mapping that produces {@code application/geo+json} produces {@code application/json} too. */
  @Bean
  WebMvcRegistrations geoJsonAlsoJson() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new RequestMappingHandlerMapping() {
          @Override
          protected RequestMappingInfo getMappingForMethod(java.lang.reflect.Method method, Class<?> type) {
            RequestMappingInfo info = super.getMappingForMethod(method, type);
            if (info == null) {
              return null;
            }
            ProducesRequestCondition produces = info.getProducesCondition();
            java.util.Set<MediaType> types = produces.getProducibleMediaTypes();
            if (types.stream().anyMatch(GEO::equalsTypeAndSubtype)
                && types.stream().noneMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype)) {
              List<String> all = new ArrayList<>(types.stream().map(MediaType::toString).toList());
              all.add(MediaType.APPLICATION_JSON_VALUE);
              return info.mutate().produces(all.toArray(String[]::new)).build();
            }
            return info;
          }
        };
      }
    };
  }

  /**
   * The media types the request asks for, best first ({@code f}, else {@code Accept}); 400 naming {@code f}
   * for an unknown value.
   */
  public static List<MediaType> requested(ContentNegotiationManager manager, HttpServletRequest request) {
    try {
      List<MediaType> types = new ArrayList<>(manager.resolveMediaTypes(new ServletWebRequest(request)));
      types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
      return types;
    } catch (org.springframework.web.HttpMediaTypeNotAcceptableException e) {
      return List.of(MediaType.ALL);
    }
  }

  /**
   * Whether a geo+json answer should be labelled {@code application/json}: under {@code /api}, {@code f=json} or
   * (without {@code f}) an {@code Accept} that takes JSON before or without GeoJSON. Elsewhere (the OGC API
   * pages, where {@code f=json} means GeoJSON items) only that {@code Accept}.
   */
  public static boolean prefersPlainJson(HttpServletRequest request) {
    String f = request.getParameter("f");
    if (f != null && isApi(request)) {
      return "json".equalsIgnoreCase(f.strip());
    }
    return MediaType.APPLICATION_JSON_VALUE.equals(JsonOut.contentType(request.getHeader("Accept")));
  }

  static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }

  /** Labels a geo+json answer {@code application/json} for a client that prefers plain JSON. */
  @ControllerAdvice
  static class JsonLabel implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
      return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selected,
        Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
        ServerHttpResponse response) {
      if (selected != null && GEO.equalsTypeAndSubtype(selected)
          && request instanceof org.springframework.http.server.ServletServerHttpRequest servlet
          && prefersPlainJson(servlet.getServletRequest())) {
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
      }
      return body;
    }
  }

}
