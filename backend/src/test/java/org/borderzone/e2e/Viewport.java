package org.borderzone.e2e;

import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.HasCdp;

/**
 * The shared Chromium's viewport and downloads, through the DevTools protocol: a phone is an emulated
 * 390×844 CSS-pixel screen at device pixel ratio 1 with touch, the desktop the browser's own 1400×900 window.
 * Tests that switch to the phone switch back in a {@code finally}, so the next test sees the desktop.
 */
final class Viewport {

  static final int PHONE_W = 390;
  static final int PHONE_H = 844;
  static final int DESKTOP_W = 1400;
  static final int DESKTOP_H = 900;

  private Viewport() {}

  private static HasCdp cdp(WebDriver d) {
    return (HasCdp) d;
  }

  static void phone(WebDriver d) {
    cdp(d).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", PHONE_W, "height", PHONE_H, "deviceScaleFactor", 1, "mobile", true));
    cdp(d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
  }

  /** The desktop size, emulated too (headless window sizes differ by a few pixels between Chromium versions). */
  static void desktop(WebDriver d) {
    cdp(d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    cdp(d).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", DESKTOP_W, "height", DESKTOP_H, "deviceScaleFactor", 1, "mobile", false));
  }

  static void reset(WebDriver d) {
    cdp(d).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    cdp(d).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  /** Files the page downloads go to {@code dir} (no prompt). */
  static void downloadsTo(WebDriver d, Path dir) {
    cdp(d).executeCdpCommand("Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", dir.toAbsolutePath().toString(), "eventsEnabled", false));
  }

  /** Any size on the shared browser (mapread's tests); undone by {@link #reset()}. */
  static void set(int width, int height, boolean mobile) {
    ((ChromeDriver) Browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  static void reset() {
    reset(Browser.driver());
  }
}
