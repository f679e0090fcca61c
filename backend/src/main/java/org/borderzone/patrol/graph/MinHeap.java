package org.borderzone.patrol.graph;

import java.util.Arrays;

/**
 * A binary min-heap of (key, node) pairs in two parallel arrays, reused between searches (no boxing, no
 * decrease-key: stale entries are skipped by the caller). Used by every shortest-path search of the engine.
 */
final class MinHeap {

  private double[] keys = new double[1024];
  private int[] nodes = new int[1024];
  private int size;

  void clear() {
    size = 0;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The smallest key (the heap must not be empty). */
  double peekKey() {
    return keys[0];
  }

  void push(double key, int v) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      nodes = Arrays.copyOf(nodes, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (keys[p] <= key) {
        break;
      }
      keys[i] = keys[p];
      nodes[i] = nodes[p];
      i = p;
    }
    keys[i] = key;
    nodes[i] = v;
  }

  /** Removes and returns the node with the smallest key. */
  int pop() {
    int top = nodes[0];
    size--;
    if (size > 0) {
      double key = keys[size];
      int v = nodes[size];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) {
          break;
        }
        if (c + 1 < size && keys[c + 1] < keys[c]) {
          c++;
        }
        if (keys[c] >= key) {
          break;
        }
        keys[i] = keys[c];
        nodes[i] = nodes[c];
        i = c;
      }
      keys[i] = key;
      nodes[i] = v;
    }
    return top;
  }
}
