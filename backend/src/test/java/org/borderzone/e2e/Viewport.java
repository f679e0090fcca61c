package org.borderzone.e2e;

import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Another viewport for the shared browser (Browser.java) through the DevTools protocol: exact CSS pixels, the same
 * for every run, and undone by {@link #reset()} so the tests after see the usual 1400 × 900 window.
 */
final class Viewport {

  private Viewport() {}

  static void set(int width, int height, boolean mobile) {
    ((ChromeDriver) Browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  static void reset() {
    ((ChromeDriver) Browser.driver()).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }
}
