package org.borderzone.e2e;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.chromium.HasCdp;

/**
 * A phone on the shared browser ({@link Browser}), through the DevTools protocol: a 390 × 844 mobile viewport
 * with touch, a geolocation override with its permission granted, and {@link #reset()} to give the next test
 * the desktop browser back. Set before the page loads (the map reads the viewport at start).
 */
final class PhoneView {

  private PhoneView() {}

  private static HasCdp cdp() {
    return (HasCdp) Browser.driver();
  }

  static void phone(int width, int height) {
    cdp().executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    cdp().executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
  }

  /** The device is at [lat, lon] with an accuracy radius in metres; the site may ask for it. */
  static void position(String origin, double lat, double lon, double accuracyM) {
    cdp().executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of("geolocation")));
    cdp().executeCdpCommand("Emulation.setGeolocationOverride",
        Map.of("latitude", lat, "longitude", lon, "accuracy", accuracyM));
  }

  static void reset() {
    cdp().executeCdpCommand("Emulation.clearGeolocationOverride", Map.of());
    cdp().executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    cdp().executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    cdp().executeCdpCommand("Browser.resetPermissions", Map.of());
  }
}
