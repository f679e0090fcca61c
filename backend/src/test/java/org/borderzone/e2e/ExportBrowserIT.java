package org.borderzone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The map's Export control builds the URL of what is in view (the map's bounds, the filter's window and types)
 * for the chosen dataset and format, and the download it points at arrives with the format's content type.
 */
class ExportBrowserIT extends IntegrationTest {

  private static Map<String, String> query(String href) {
    Map<String, String> q = new HashMap<>();
    for (String kv : URI.create(href).getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
    }
    return q;
  }

  @Test
  @SuppressWarnings("unchecked")
  void exportsWhatIsInView() {
    WebDriver d = Browser.openMap(url(""), "kh-planner", "/");
    Browser.js("window.borderzone.map.fitBounds([[14.0, 106.0], [14.4, 106.6]], {animate: false});");
    d.findElement(By.id("export-button")).click();
    new Select(d.findElement(By.id("export-dataset"))).selectByValue("incidents");
    new Select(d.findElement(By.id("export-format"))).selectByValue("csv");
    Browser.js("window.borderzone.filter.set({types: ['SMUGGLING', 'UXO']}, {immediate: true});");
    String href = d.findElement(By.id("export-download")).getAttribute("href");
    assertThat(URI.create(href).getPath()).isEqualTo("/api/exports/incidents");
    Map<String, String> q = query(href);
    assertThat(q.get("f")).isEqualTo("csv");
    List<Number> b = (List<Number>) Browser.js(
        "const b = window.borderzone.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];");
    String[] bbox = q.get("bbox").split(",");
    for (int i = 0; i < 4; i++) {
      assertThat(Double.parseDouble(bbox[i])).isCloseTo(b.get(i).doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
    }
    Map<String, Object> f = (Map<String, Object>) Browser.js("return window.borderzone.filter.get();");
    assertThat(q.get("from")).isEqualTo(f.get("from"));
    // the filter's last day is inclusive, the export's `to` exclusive: the next day
    assertThat(q.get("to")).isEqualTo(java.time.LocalDate.parse((String) f.get("to")).plusDays(1).toString());
    assertThat(q.get("type")).isEqualTo("SMUGGLING,UXO");

    // the download: the session's own request, as the browser makes it
    List<Object> r = (List<Object>) Browser.js("""
        return fetch(arguments[0]).then(async r => [r.status, r.headers.get('content-type'),
          r.headers.get('content-disposition'), (await r.text()).slice(0, 80)]);""", href);
    assertThat(((Number) r.get(0)).intValue()).isEqualTo(200);
    assertThat((String) r.get(1)).startsWith("text/csv");
    assertThat((String) r.get(2)).matches("attachment; filename=\"incidents-\\d{4}-\\d{2}-\\d{2}\\.csv\"");
    assertThat((String) r.get(3)).contains("id,type,severity");

    // segments take the bbox only; KML
    new Select(d.findElement(By.id("export-dataset"))).selectByValue("segments");
    new Select(d.findElement(By.id("export-format"))).selectByValue("kml");
    href = d.findElement(By.id("export-download")).getAttribute("href");
    assertThat(query(href)).containsOnlyKeys("f", "bbox").containsEntry("f", "kml");
    r = (List<Object>) Browser.js(
        "return fetch(arguments[0]).then(r => [r.status, r.headers.get('content-type')]);", href);
    assertThat(((Number) r.get(0)).intValue()).isEqualTo(200);
    assertThat((String) r.get(1)).startsWith("application/vnd.google-earth.kml+xml");
    // a viewer has no patrol plans to choose
    Browser.openMap(url(""), "kh-viewer", "/");
    assertThat((List<String>) Browser.js(
        "return Array.from(document.querySelectorAll('#export-dataset option')).map(o => o.value);"))
        .containsExactly("incidents", "segments", "pillars", "inspections");
  }
}
