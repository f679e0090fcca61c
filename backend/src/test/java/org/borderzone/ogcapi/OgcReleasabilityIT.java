package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Releasability under {@code /ogc}: an LA user never sees a KH NATIONAL incident, in items (JSON and HTML),
 * the single item (404), numberMatched, the collection's spatial and temporal extent, or prop=value queries;
 * the KH owner does (the control that makes each check able to fail).
 */
class OgcReleasabilityIT extends IntegrationTest {

  @Test
  void laNeverSeesKhNationalIncidents() {
    long laBefore = matched("la-planner", "/ogc/collections/incidents/items?limit=1");
    long khBefore = matched("kh-planner", "/ogc/collections/incidents/items?limit=1");
    JsonNode laExtentBefore = as("la-planner").get("/ogc/collections/incidents").json().get("extent");
    // far west and long ago: it would move both extents if it were counted
    LeakCheck.Planted p = LeakCheck.plant(jdbc, "KH", "NATIONAL", 102.4, 13.6, "1991-02-03T04:05:06Z", "UXO");
    try {
      String window = "/ogc/collections/incidents/items?datetime=1991-02-03T04:05:06Z";
      assertThat(matched("kh-planner", window)).isEqualTo(1);
      assertThat(matched("la-planner", window)).isZero();
      assertThat(as("kh-planner").get(window).body()).contains(p.marker());
      assertThat(as("la-planner").get(window).body()).doesNotContain(p.marker());
      assertThat(as("kh-planner").get(window + "&f=html").body()).contains(p.marker());
      assertThat(as("la-planner").get(window + "&f=html").body()).doesNotContain(p.marker());
      assertThat(matched("la-planner", "/ogc/collections/incidents/items?source=" + p.marker())).isZero();
      assertThat(matched("kh-planner", "/ogc/collections/incidents/items?source=" + p.marker())).isEqualTo(1);
      assertThat(matched("la-planner", "/ogc/collections/incidents/items?limit=1")).isEqualTo(laBefore);
      assertThat(matched("kh-planner", "/ogc/collections/incidents/items?limit=1")).isEqualTo(khBefore + 1);

      String item = "/ogc/collections/incidents/items/" + p.id();
      assertThat(as("kh-planner").get(item).status()).isEqualTo(200);
      Response la = as("la-planner").get(item);
      assertThat(la.status()).isEqualTo(404);
      assertThat(la.body()).doesNotContain(p.marker());
      assertThat(as("la-planner").get(item + "?f=html").status()).isEqualTo(404);
      // the owner's own extent shows it, LA's is unchanged
      JsonNode kh = as("kh-planner").get("/ogc/collections/incidents").json().get("extent");
      assertThat(kh.at("/spatial/bbox/0/0").asDouble()).isLessThanOrEqualTo(102.4);
      // (other tests may hold older incidents: the oracle is PostGIS, and the planted one is at most its start)
      java.time.Instant khStart = jdbc.sql("select min(occurred_at) from incident where releasability = 'SHARED'"
          + " or owner_org = 'KH'").query(java.time.OffsetDateTime.class).single().toInstant();
      assertThat(java.time.Instant.parse(kh.at("/temporal/interval/0/0").asString())).isEqualTo(khStart)
          .isBeforeOrEqualTo(java.time.Instant.parse("1991-02-03T04:05:06Z"));
      JsonNode laExtent = as("la-planner").get("/ogc/collections/incidents").json().get("extent");
      assertThat(laExtent).isEqualTo(laExtentBefore);
      assertThat(as("la-planner").get("/ogc/collections").body()).doesNotContain("1991-02-03");
      assertThat(as("la-planner").get("/ogc/collections/incidents?f=html").body()).doesNotContain("1991-02-03");
      // the JBC (demo admin) does not see national data of a country either
      assertThat(get(item).status()).isEqualTo(404);
    } finally {
      owner().sql("delete from incident where public_id = :id").param("id", p.id()).update();
    }
  }

  private long matched(String user, String path) {
    Response r = as(user).get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("numberMatched").asLong();
  }
}
