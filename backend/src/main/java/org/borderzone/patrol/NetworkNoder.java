package org.borderzone.patrol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.patrol.graph.Kind;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.noding.NodedSegmentString;
import org.locationtech.jts.noding.SegmentString;
import org.locationtech.jts.noding.snapround.SnapRoundingNoder;

/**
 * Turns loose lines into a routable topology, in a local equirectangular plane in metres centred on the data
 * (x = Δlon·cos φ0·111,195 m, y = Δlat·111,195 m; distortion well under 1 % over the border zone, ample for
 * a tolerance of a few metres):
 * <ol>
 *   <li>end points closer than {@code snapM} to another end point are merged, and a remaining end point closer
 *       than {@code snapM} to another line is moved onto it (T-junctions);</li>
 *   <li>JTS snap-rounding noding on a 1 cm grid splits every line at every intersection and shared vertex;</li>
 *   <li>each noded piece becomes an edge between two vertices numbered from 1 by position.</li>
 * </ol>
 * Attributes (kind, name) follow each piece. Identical duplicate pieces are kept once.
 */
final class NetworkNoder {

  static final double M_PER_DEG = 111_195.0;

  /** One input line: lon,lat coordinates. */
  record Line(Kind kind, String name, Coordinate[] coords) {}

  /** One output edge: vertex numbers and lon,lat coordinates from source to target. */
  record Edge(long source, long target, Kind kind, String name, Coordinate[] coords) {}

  private final double lon0;
  private final double lat0;
  private final double kx;

  private NetworkNoder(List<Line> lines) {
    Envelope env = new Envelope();
    for (Line l : lines) {
      for (Coordinate c : l.coords()) {
        env.expandToInclude(c);
      }
    }
    lon0 = env.isNull() ? 0 : env.centre().x;
    lat0 = env.isNull() ? 0 : env.centre().y;
    kx = Math.cos(Math.toRadians(lat0)) * M_PER_DEG;
  }

  static List<Edge> node(List<Line> lines, double snapM) {
    return new NetworkNoder(lines).run(lines, snapM);
  }

  private Coordinate fwd(Coordinate c) {
    return new Coordinate((c.x - lon0) * kx, (c.y - lat0) * M_PER_DEG);
  }

  private Coordinate inv(Coordinate c) {
    return new Coordinate(c.x / kx + lon0, c.y / M_PER_DEG + lat0);
  }

  private List<Edge> run(List<Line> lines, double snapM) {
    List<Coordinate[]> proj = new ArrayList<>(lines.size());
    for (Line l : lines) {
      Coordinate[] p = new Coordinate[l.coords().length];
      for (int i = 0; i < p.length; i++) {
        p[i] = fwd(l.coords()[i]);
      }
      proj.add(p);
    }
    if (snapM > 0) {
      snapEndpoints(proj, snapM);
    }
    List<NodedSegmentString> input = new ArrayList<>();
    for (int i = 0; i < proj.size(); i++) {
      input.add(new NodedSegmentString(proj.get(i), i));
    }
    SnapRoundingNoder noder = new SnapRoundingNoder(new PrecisionModel(100));
    noder.computeNodes(input);
    @SuppressWarnings("unchecked")
    Collection<SegmentString> pieces = noder.getNodedSubstrings();
    Map<String, Long> vertices = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<Edge> out = new ArrayList<>();
    for (SegmentString ss : pieces) {
      Coordinate[] pts = dedupe(ss.getCoordinates());
      if (pts.length < 2) {
        continue;
      }
      String key = signature(pts);
      if (!seen.add(key)) {
        continue;
      }
      Line src = lines.get((Integer) ss.getData());
      long a = vertices.computeIfAbsent(vkey(pts[0]), k -> (long) vertices.size() + 1);
      long b = vertices.computeIfAbsent(vkey(pts[pts.length - 1]), k -> (long) vertices.size() + 1);
      Coordinate[] ll = new Coordinate[pts.length];
      for (int i = 0; i < pts.length; i++) {
        ll[i] = inv(pts[i]);
      }
      out.add(new Edge(a, b, src.kind(), src.name(), ll));
    }
    return out;
  }

  private static Coordinate[] dedupe(Coordinate[] pts) {
    List<Coordinate> out = new ArrayList<>();
    for (Coordinate c : pts) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals2D(c)) {
        out.add(c);
      }
    }
    return out.toArray(Coordinate[]::new);
  }

  private static String vkey(Coordinate c) {
    return Math.round(c.x * 100) + ":" + Math.round(c.y * 100);
  }

  /** The same piece in either direction gives the same signature. */
  private static String signature(Coordinate[] pts) {
    StringBuilder f = new StringBuilder();
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < pts.length; i++) {
      f.append(vkey(pts[i])).append(';');
      r.append(vkey(pts[pts.length - 1 - i])).append(';');
    }
    return f.compareTo(r) <= 0 ? f.toString() : r.toString();
  }

  /** Merges end points within snapM of each other, then moves lone end points onto nearby lines. */
  private static void snapEndpoints(List<Coordinate[]> lines, double snapM) {
    Map<Long, List<Coordinate>> grid = new HashMap<>();
    List<Coordinate> reps = new ArrayList<>();
    Set<Coordinate> merged = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Coordinate[] l : lines) {
      for (int end : new int[] {0, l.length - 1}) {
        Coordinate c = l[end];
        Coordinate rep = null;
        double best = snapM;
        long gx = (long) Math.floor(c.x / snapM);
        long gy = (long) Math.floor(c.y / snapM);
        for (long dx = -1; dx <= 1; dx++) {
          for (long dy = -1; dy <= 1; dy++) {
            for (Coordinate r : grid.getOrDefault(cell(gx + dx, gy + dy), List.of())) {
              double d = r.distance(c);
              if (d <= best) {
                best = d;
                rep = r;
              }
            }
          }
        }
        if (rep == null) {
          rep = new Coordinate(c);
          grid.computeIfAbsent(cell(gx, gy), k -> new ArrayList<>()).add(rep);
          reps.add(rep);
        } else {
          merged.add(rep);
        }
        l[end] = rep;
      }
    }
    // T-junctions: an end point that met no other end point snaps onto the nearest other line within snapM.
    STRtree tree = new STRtree();
    for (int i = 0; i < lines.size(); i++) {
      Coordinate[] l = lines.get(i);
      for (int s = 0; s + 1 < l.length; s++) {
        Envelope e = new Envelope(l[s], l[s + 1]);
        tree.insert(e, new int[] {i, s});
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Coordinate[] l = lines.get(i);
      for (int end : new int[] {0, l.length - 1}) {
        Coordinate c = l[end];
        if (merged.contains(c)) {
          continue;
        }
        Envelope q = new Envelope(c);
        q.expandBy(snapM);
        double best = snapM;
        Coordinate target = null;
        for (Object o : tree.query(q)) {
          int[] ref = (int[]) o;
          if (ref[0] == i) {
            continue;
          }
          Coordinate[] other = lines.get(ref[0]);
          LineSegment seg = new LineSegment(other[ref[1]], other[ref[1] + 1]);
          Coordinate p = seg.closestPoint(c);
          double d = p.distance(c);
          if (d <= best && d > 0) {
            best = d;
            target = p;
          }
        }
        if (target != null) {
          l[end] = target;
        }
      }
    }
  }

  private static long cell(long x, long y) {
    return x * 73_856_093L ^ y * 19_349_663L;
  }
}
