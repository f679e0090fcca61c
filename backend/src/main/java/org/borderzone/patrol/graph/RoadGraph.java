package org.borderzone.patrol.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.ItemDistance;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An immutable, compact, undirected road graph held in arrays (CSR adjacency), built from
 * {@code network_edge}. Nodes are {@code 0..nodeCount-1} (the database vertex id is kept in
 * {@link #nodeId}); edges are {@code 0..edgeCount-1}. Coordinates are EPSG:4326 degrees; lengths are metres
 * (geodesic, from PostGIS); costs are seconds per {@link TravelProfile}, +infinity where not allowed.
 * A JTS {@link STRtree} over the edges, in an equirectangular plane scaled at the graph's mean latitude
 * (x = lon·cos φ0, y = lat), snaps arbitrary points to the nearest allowed edge.
 */
public final class RoadGraph {

  /** Metres per degree of latitude (mean) for the snapping plane. */
  static final double M_PER_DEG = 111_195.0;

  final int nodeCount;
  final int edgeCount;
  final long[] nodeId;
  final double[] nodeLon;
  final double[] nodeLat;
  final long[] edgeId;
  final int[] edgeSrc;
  final int[] edgeDst;
  final byte[] edgeKind;
  final byte[] edgeSide;
  final double[] edgeLen;
  final double[] edgeBorderDist;
  final boolean[] edgeDisputed;
  final double[][] edgeCost;
  /** Edge geometry as lon,lat pairs from source to target. */
  final double[][] edgeCoords;
  final int[] adjStart;
  final int[] adjEdge;
  final int[] adjNode;
  final double cosLat0;
  private final STRtree index;
  private final Map<Long, Integer> nodeIndex;

  private RoadGraph(Builder b) {
    this.nodeCount = b.nodeIds.size();
    this.edgeCount = b.src.size();
    this.nodeIndex = b.nodeIndex;
    nodeId = new long[nodeCount];
    nodeLon = new double[nodeCount];
    nodeLat = new double[nodeCount];
    for (int i = 0; i < nodeCount; i++) {
      nodeId[i] = b.nodeIds.get(i);
      nodeLon[i] = b.nodeXy.get(2 * i);
      nodeLat[i] = b.nodeXy.get(2 * i + 1);
    }
    edgeId = new long[edgeCount];
    edgeSrc = new int[edgeCount];
    edgeDst = new int[edgeCount];
    edgeKind = new byte[edgeCount];
    edgeSide = new byte[edgeCount];
    edgeLen = new double[edgeCount];
    edgeBorderDist = new double[edgeCount];
    edgeDisputed = new boolean[edgeCount];
    edgeCoords = new double[edgeCount][];
    TravelProfile[] profiles = TravelProfile.values();
    edgeCost = new double[profiles.length][edgeCount];
    int[] degree = new int[nodeCount + 1];
    double latSum = 0;
    for (int e = 0; e < edgeCount; e++) {
      edgeId[e] = b.ids.get(e);
      edgeSrc[e] = b.src.get(e);
      edgeDst[e] = b.dst.get(e);
      Kind k = b.kinds.get(e);
      edgeKind[e] = (byte) k.ordinal();
      edgeSide[e] = b.sides.get(e);
      edgeLen[e] = b.lens.get(e);
      edgeBorderDist[e] = b.borderDist.get(e);
      edgeDisputed[e] = b.disputed.get(e);
      edgeCoords[e] = b.coords.get(e);
      for (TravelProfile p : profiles) {
        edgeCost[p.ordinal()][e] = p.cost(k, edgeLen[e], b.factors.get(e));
      }
      degree[edgeSrc[e]]++;
      degree[edgeDst[e]]++;
      latSum += nodeLat[edgeSrc[e]];
    }
    adjStart = new int[nodeCount + 1];
    for (int i = 0; i < nodeCount; i++) {
      adjStart[i + 1] = adjStart[i] + degree[i];
    }
    adjEdge = new int[2 * edgeCount];
    adjNode = new int[2 * edgeCount];
    int[] fill = new int[nodeCount];
    for (int e = 0; e < edgeCount; e++) {
      int s = edgeSrc[e];
      int t = edgeDst[e];
      int i = adjStart[s] + fill[s]++;
      adjEdge[i] = e;
      adjNode[i] = t;
      if (s != t) {
        int j = adjStart[t] + fill[t]++;
        adjEdge[j] = e;
        adjNode[j] = s;
      }
    }
    cosLat0 = Math.cos(Math.toRadians(edgeCount == 0 ? 14 : latSum / edgeCount));
    index = new STRtree();
    for (int e = 0; e < edgeCount; e++) {
      double[] c = edgeCoords[e];
      Envelope env = new Envelope();
      for (int i = 0; i < c.length; i += 2) {
        env.expandToInclude(c[i] * cosLat0, c[i + 1]);
      }
      index.insert(env, e);
    }
    if (edgeCount > 0) {
      index.build();
    }
  }

  public int nodeCount() {
    return nodeCount;
  }

  public int edgeCount() {
    return edgeCount;
  }

  /** The internal node index of database vertex {@code id}, or -1. */
  public int node(long id) {
    return nodeIndex.getOrDefault(id, -1);
  }

  public long nodeId(int node) {
    return nodeId[node];
  }

  public long edgeId(int edge) {
    return edgeId[edge];
  }

  public byte edgeSide(int edge) {
    return edgeSide[edge];
  }

  public Kind edgeKind(int edge) {
    return Kind.values()[edgeKind[edge]];
  }

  public double edgeLength(int edge) {
    return edgeLen[edge];
  }

  /** Seconds to travel the whole edge with the profile (+infinity where it may not go). */
  public double edgeCost(TravelProfile profile, int edge) {
    return edgeCost[profile.ordinal()][edge];
  }

  /**
   * A point snapped onto an edge: {@code fraction} 0 at the edge's source, 1 at its target (by length
   * along the geometry), the snapped position in degrees and the distance from the query point in metres.
   */
  public record Snap(int edge, double fraction, double lon, double lat, double distanceM) {}

  /**
   * Snaps ({@code lon}, {@code lat}) to the nearest edge the filter allows, or null when no allowed edge lies
   * within {@code maxDistanceM} metres.
   */
  public Snap snap(double lon, double lat, EdgeFilter filter, double maxDistanceM) {
    if (edgeCount == 0) {
      return null;
    }
    double px = lon * cosLat0;
    double py = lat;
    ItemDistance dist = new ItemDistance() {
      @Override
      public double distance(ItemBoundable a, ItemBoundable b) {
        Object ia = a.getItem();
        Object ib = b.getItem();
        int e = ia instanceof Integer i ? i : (Integer) ib;
        if (!filter.allows(RoadGraph.this, e)) {
          return Double.MAX_VALUE;
        }
        return pointEdgeDistance(px, py, e)[0];
      }
    };
    Envelope q = new Envelope(px, px, py, py);
    Object nearest = index.nearestNeighbour(q, new Object(), new ItemDistance() {
      @Override
      public double distance(ItemBoundable a, ItemBoundable b) {
        return dist.distance(a, b);
      }
    });
    if (!(nearest instanceof Integer e) || !filter.allows(this, e)) {
      return null;
    }
    double[] r = pointEdgeDistance(px, py, e);
    double distM = haversine(lon, lat, r[2] / cosLat0, r[3]);
    if (distM > maxDistanceM) {
      return null;
    }
    return new Snap(e, r[1], r[2] / cosLat0, r[3], distM);
  }

  /** [distance in plane units, fraction along, x, y] of the closest point of edge e to (px, py). */
  private double[] pointEdgeDistance(double px, double py, int e) {
    double[] c = edgeCoords[e];
    double total = 0;
    double best = Double.MAX_VALUE;
    double bestAlong = 0;
    double bx = 0;
    double by = 0;
    for (int i = 0; i + 3 < c.length; i += 2) {
      double x1 = c[i] * cosLat0;
      double y1 = c[i + 1];
      double x2 = c[i + 2] * cosLat0;
      double y2 = c[i + 3];
      double dx = x2 - x1;
      double dy = y2 - y1;
      double len2 = dx * dx + dy * dy;
      double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
      double cx = x1 + t * dx;
      double cy = y1 + t * dy;
      double d = Math.hypot(px - cx, py - cy);
      double segLen = Math.sqrt(len2);
      if (d < best) {
        best = d;
        bestAlong = total + t * segLen;
        bx = cx;
        by = cy;
      }
      total += segLen;
    }
    return new double[] {best, total == 0 ? 0 : bestAlong / total, bx, by};
  }

  /**
   * The geometry of edge {@code e} between fractions {@code f0} and {@code f1} (either order; reversed when
   * f1 &lt; f0), as lon,lat pairs appended to {@code out}.
   */
  void appendCoords(int e, double f0, double f1, List<double[]> out) {
    double[] c = edgeCoords[e];
    int n = c.length / 2;
    double[] cum = new double[n];
    for (int i = 1; i < n; i++) {
      cum[i] = cum[i - 1] + Math.hypot((c[2 * i] - c[2 * i - 2]) * cosLat0, c[2 * i + 1] - c[2 * i - 1]);
    }
    double total = cum[n - 1];
    double a = Math.min(f0, f1) * total;
    double b = Math.max(f0, f1) * total;
    List<double[]> pts = new ArrayList<>();
    pts.add(at(c, cum, a));
    for (int i = 0; i < n; i++) {
      if (cum[i] > a && cum[i] < b) {
        pts.add(new double[] {c[2 * i], c[2 * i + 1]});
      }
    }
    pts.add(at(c, cum, b));
    if (f1 < f0) {
      java.util.Collections.reverse(pts);
    }
    for (double[] p : pts) {
      if (out.isEmpty() || !sameXy(out.get(out.size() - 1), p)) {
        out.add(p);
      }
    }
  }

  private static boolean sameXy(double[] a, double[] b) {
    return a[0] == b[0] && a[1] == b[1];
  }

  private static double[] at(double[] c, double[] cum, double d) {
    int n = cum.length;
    for (int i = 1; i < n; i++) {
      if (d <= cum[i]) {
        double seg = cum[i] - cum[i - 1];
        double t = seg == 0 ? 0 : (d - cum[i - 1]) / seg;
        return new double[] {c[2 * i - 2] + t * (c[2 * i] - c[2 * i - 2]),
            c[2 * i - 1] + t * (c[2 * i + 1] - c[2 * i - 1])};
      }
    }
    return new double[] {c[2 * n - 2], c[2 * n - 1]};
  }

  /** Great-circle distance in metres (mean Earth radius). */
  public static double haversine(double lon1, double lat1, double lon2, double lat2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Collects edges (in any order) and numbers their end vertices. */
  public static final class Builder {
    private final Map<Long, Integer> nodeIndex = new HashMap<>();
    private final List<Long> nodeIds = new ArrayList<>();
    private final List<Double> nodeXy = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private final List<Integer> src = new ArrayList<>();
    private final List<Integer> dst = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();
    private final List<Byte> sides = new ArrayList<>();
    private final List<Double> lens = new ArrayList<>();
    private final List<Double> factors = new ArrayList<>();
    private final List<Double> borderDist = new ArrayList<>();
    private final List<Boolean> disputed = new ArrayList<>();
    private final List<double[]> coords = new ArrayList<>();

    /**
     * Adds an edge from vertex {@code source} to vertex {@code target}; {@code coords} are lon,lat pairs
     * from source to target (at least two points).
     */
    public Builder add(long id, long source, long target, Kind kind, byte side, double lengthM, double costFactor,
        double borderDistanceM, boolean inDisputed, double[] coords) {
      ids.add(id);
      src.add(node(source, coords[0], coords[1]));
      dst.add(node(target, coords[coords.length - 2], coords[coords.length - 1]));
      kinds.add(kind);
      sides.add(side);
      lens.add(lengthM);
      factors.add(costFactor);
      borderDist.add(borderDistanceM);
      disputed.add(inDisputed);
      this.coords.add(coords);
      return this;
    }

    private int node(long id, double lon, double lat) {
      Integer i = nodeIndex.get(id);
      if (i == null) {
        i = nodeIds.size();
        nodeIndex.put(id, i);
        nodeIds.add(id);
        nodeXy.add(lon);
        nodeXy.add(lat);
      }
      return i;
    }

    public RoadGraph build() {
      return new RoadGraph(this);
    }
  }
}
