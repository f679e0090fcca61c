package org.borderzone.e2e;

/**
 * For tests outside the browser package that count what the server does (cache hits, requests): the shared
 * browser of the browser tests may still show a map, and an open map refetches tiles when a live event arrives
 * (docs/LIVE.md), so such a test first parks it on an empty page.
 */
public final class BrowserPark {

  private BrowserPark() {}

  /** Leaves the shared browser, if one was started, on about:blank. */
  public static void park() {
    Browser.parkIfStarted();
  }
}
