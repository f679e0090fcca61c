package org.borderzone.incidents;

import org.borderzone.system.StatementTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Seeds about 20,000 <b>synthetic</b> incidents (demo profile, once, into an empty incident table), from
 * 1 December 2023 to 28 November 2026, deterministically (fixed seed). Concentrated around approximate
 * positions of real crossing points (see {@link #PLACES} and data/README.md), plus a uniform background
 * within the 10 km border zone; seasonal (trafficking and crossings peak in the dry season, November–April;
 * DISASTER in the wet season, May–October); one trail crossing intensifies over time (for the emerging
 * hotspot analysis). Owners follow the side of the border (85 %), about 70 % are SHARED. Loaded through
 * {@link IncidentBulkLoader} (COPY to staging with the locations computed on the way), so the seed also exercises
 * the import path.
 */
@Component
@Profile("demo")
public class DemoIncidents {

  private static final Logger log = LoggerFactory.getLogger(DemoIncidents.class);

  static final int COUNT = 20_000;
  static final String SOURCE = "DEMO (synthetic)";
  static final LocalDate FIRST_DAY = LocalDate.of(2023, 12, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 28);
  /** Share of incidents in the uniform background; the rest go to the places below. */
  static final double BACKGROUND = 0.45;

  enum Kind { CHECKPOINT, RIVER, TRIPOINT, TRAIL }

  /** A concentration: approximate centre (EPSG:4326), spread (σ in km), share of the clustered incidents. */
  record Place(String name, double lon, double lat, double sigmaKm, double weight, Kind kind, boolean intensifying) {}

  /** Approximate positions (documented in data/README.md); not survey data. */
  static final List<Place> PLACES = List.of(
      new Place("Trapeang Kriel / Nong Nok Khiene checkpoint (NR7 / Route 13)", 105.951, 13.928, 2.0, 0.28,
          Kind.CHECKPOINT, false),
      new Place("Mekong river crossing", 105.980, 13.920, 2.5, 0.24, Kind.RIVER, false),
      new Place("Western tri-point (KH–LA–TH)", 105.210, 14.340, 3.0, 0.13, Kind.TRIPOINT, false),
      new Place("Eastern tri-point (KH–LA–VN)", 107.550, 14.690, 3.0, 0.13, Kind.TRIPOINT, false),
      new Place("Forest trail crossing, Preah Vihear – Champasak", 105.450, 14.103, 1.5, 0.10, Kind.TRAIL, false),
      new Place("Forest trail crossing, Ratanakiri – Attapeu", 107.189, 14.438, 1.5, 0.12, Kind.TRAIL, true));

  private static final IncidentType[] TYPES = IncidentType.values();

  /** Type mix per kind of place (weights in the order of {@link IncidentType#values()}). */
  private static final Map<Kind, double[]> MIX = new EnumMap<>(Map.of(
      //                       DRUG HUMAN SMUG LOG WILD CROSS ARMED TERR UXO DIS OTHER
      Kind.CHECKPOINT, new double[] {20, 15, 30, 0, 5, 20, 1, 0.5, 0, 3.5, 5},
      Kind.RIVER, new double[] {25, 15, 30, 0, 10, 10, 0, 0, 0, 7, 3},
      Kind.TRIPOINT, new double[] {10, 0, 15, 20, 20, 25, 0, 0, 5, 0, 5},
      Kind.TRAIL, new double[] {0, 0, 10, 35, 30, 20, 0, 0, 5, 0, 0}));
  private static final double[] BACKGROUND_MIX = {8, 5, 15, 15, 10, 15, 2, 0.5, 10, 12, 7.5};

  private final JdbcClient jdbc;
  private final IncidentBulkLoader loader;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final AuditLog audit;
  private final long seed;

  DemoIncidents(JdbcClient jdbc, IncidentBulkLoader loader, TransactionTemplate tx, AuditLog audit,
      @Value("${borderzone.demo.seed:20230213}") long seed, StatementTimeouts timeouts) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.loader = loader;
    this.tx = tx;
    this.audit = audit;
    this.seed = seed;
  }

  /** Seeds the incidents unless there are some already or there is no border (called by the demo orchestrator). */
  public void seed() {
    if (jdbc.sql(IncidentSql.ANY_INCIDENT).query(Boolean.class).single()
        || jdbc.sql(IncidentSql.SEGMENT_COUNT).query(Long.class).single() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    List<IncidentBulkLoader.Staged> rows = generate(segments(), new Random(seed));
    int imported = tx.execute(s -> {
      timeouts.longWork();
      try {
        var it = rows.iterator();
        IncidentBulkLoader.Result r = loader.load(out -> it.hasNext() ? it.next() : null, List.of(), false,
            IncidentBulkLoader.Progress.NONE);
        if (r.refused()) {
          throw new IllegalStateException("demo incidents invalid: " + r.problems());
        }
        audit.record(Actor.SYSTEM, "SEED", "incident", null, null,
            JsonNodeFactory.instance.objectNode().put("source", SOURCE).put("imported", r.imported())
                .put("seed", seed).toString());
        return r.imported();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    log.info("Seeded {} synthetic demo incidents in {} ms", imported, (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * A border segment as a straight piece with the country on its left (of travel west → east), and the two
   * countries it separates (its row's {@code country_a}, {@code country_b}).
   */
  record Seg(double x0, double y0, double x1, double y1, String left, String countryA, String countryB) {
    /** The other of the segment's two countries. */
    String other(String country) {
      return countryA.equals(country) ? countryB : countryA;
    }

    double mx() {
      return (x0 + x1) / 2;
    }

    double my() {
      return (y0 + y1) / 2;
    }
  }

  private List<Seg> segments() {
    return jdbc.sql(IncidentSql.DEMO_SEGMENTS).query((rs, n) -> new Seg(rs.getDouble(1), rs.getDouble(2),
        rs.getDouble(3), rs.getDouble(4), rs.getString(5), rs.getString(6), rs.getString(7))).list();
  }

  /** Generates the rows; pure function of the segments and the random generator. */
  static List<IncidentBulkLoader.Staged> generate(List<Seg> segs, Random rnd) {
    OffsetDateTime start = FIRST_DAY.atStartOfDay().atOffset(ZoneOffset.UTC);
    long spanMinutes = ChronoUnit.MINUTES.between(start, LAST_DAY.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
    OffsetDateTime end = start.plusMinutes(spanMinutes);
    double totalWeight = PLACES.stream().mapToDouble(Place::weight).sum();
    List<IncidentBulkLoader.Staged> out = new ArrayList<>(COUNT);
    for (int n = 1; n <= COUNT; n++) {
      double lon;
      double lat;
      double[] mix;
      Place place = null;
      if (rnd.nextDouble() < BACKGROUND) {
        Seg s = segs.get(rnd.nextInt(segs.size()));
        double f = rnd.nextDouble();
        double px = s.x0() + f * (s.x1() - s.x0());
        double py = s.y0() + f * (s.y1() - s.y0());
        double kx = 111.32 * Math.cos(Math.toRadians(py));
        double dx = (s.x1() - s.x0()) * kx;
        double dy = (s.y1() - s.y0()) * 110.57;
        double len = Math.max(1e-9, Math.hypot(dx, dy));
        double offsetKm = (rnd.nextDouble() * 2 - 1) * 9.8;
        lon = px + (-dy / len) * offsetKm / kx;
        lat = py + (dx / len) * offsetKm / 110.57;
        mix = BACKGROUND_MIX;
      } else {
        double pick = rnd.nextDouble() * totalWeight;
        for (Place p : PLACES) {
          place = p;
          pick -= p.weight();
          if (pick <= 0) {
            break;
          }
        }
        lat = place.lat() + rnd.nextGaussian() * place.sigmaKm() / 110.57;
        lon = place.lon() + rnd.nextGaussian() * place.sigmaKm() / (111.32 * Math.cos(Math.toRadians(place.lat())));
        mix = MIX.get(place.kind());
      }
      IncidentType type = TYPES[pickIndex(mix, rnd)];
      OffsetDateTime occurred;
      while (true) {
        long minute = (long) (rnd.nextDouble() * spanMinutes);
        occurred = start.plusMinutes(minute);
        double w = season(type, occurred.getMonthValue());
        if (place != null && place.intensifying()) {
          w *= 0.25 + 1.75 * minute / (double) spanMinutes;
        }
        if (rnd.nextDouble() * 2.0 < w) {
          break;
        }
      }
      int severity = severity(type, rnd);
      String side = side(segs, lon, lat);
      String owner = rnd.nextDouble() < 0.85 ? side : segs.get(0).other(side);
      String releasability = rnd.nextDouble() < 0.70 ? "SHARED" : "NATIONAL";
      boolean old = occurred.isBefore(end.minusDays(60));
      double u = rnd.nextDouble();
      String status = old ? (u < 0.10 ? "REPORTED" : u < 0.55 ? "VERIFIED" : u < 0.93 ? "CLOSED" : "DISMISSED")
          : (u < 0.60 ? "REPORTED" : u < 0.95 ? "VERIFIED" : "DISMISSED");
      OffsetDateTime reported = occurred.plusMinutes(10 + (long) (rnd.nextDouble() * 48 * 60));
      if (reported.isAfter(end)) {
        reported = end;
      }
      String description = "Synthetic demo incident: " + type.name().toLowerCase().replace('_', ' ')
          + (place == null ? " in the border zone" : " near " + place.name());
      out.add(new IncidentBulkLoader.Staged(n,
          new NewIncident(round(lon), round(lat), type, severity, occurred, description, SOURCE, releasability),
          owner, status, "demo-seed", reported));
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** Seasonal weight (max 2): dry season Nov–Apr favours trafficking and crossings; DISASTER the wet season. */
  static double season(IncidentType type, int month) {
    boolean dry = month >= 11 || month <= 4;
    return switch (type) {
      case DISASTER -> dry ? 0.3 : 2.0;
      case SMUGGLING, DRUG_TRAFFICKING, HUMAN_TRAFFICKING, ILLEGAL_CROSSING, ILLEGAL_LOGGING, WILDLIFE_TRAFFICKING
          -> dry ? 1.5 : 0.7;
      default -> 1.0;
    };
  }

  private static int severity(IncidentType type, Random rnd) {
    int base = switch (type) {
      case ARMED_INCURSION, TERRORISM -> 4;
      case HUMAN_TRAFFICKING, DRUG_TRAFFICKING, UXO -> 3;
      case DISASTER, SMUGGLING, ILLEGAL_LOGGING, WILDLIFE_TRAFFICKING -> 2;
      default -> 2;
    };
    int s = base + (int) Math.round(rnd.nextGaussian() * 0.9);
    return Math.max(1, Math.min(5, s));
  }

  private static int pickIndex(double[] weights, Random rnd) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** The country on the side of the nearest segment (by midpoint) where the point lies: one of its two. */
  static String side(List<Seg> segs, double lon, double lat) {
    Seg best = segs.get(0);
    double bestD = Double.MAX_VALUE;
    for (Seg s : segs) {
      double d = (s.mx() - lon) * (s.mx() - lon) + (s.my() - lat) * (s.my() - lat);
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    double cross = (best.x1() - best.x0()) * (lat - best.y0()) - (best.y1() - best.y0()) * (lon - best.x0());
    String left = best.left() == null ? best.countryB() : best.left();
    return cross > 0 ? left : best.other(left);
  }
}
