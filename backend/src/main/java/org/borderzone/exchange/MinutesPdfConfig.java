package org.borderzone.exchange;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the minutes PDF is rendered ({@code borderzone.pdf.*}, docs/EXCHANGE.md "The PDF").
 *
 * @param renderer {@code auto} (headless Chromium when its binary is found, else openhtmltopdf with a warning),
 *     {@code chromium} (required: the server does not start without it) or {@code openhtmltopdf} (no Khmer
 *     shaping)
 * @param chromiumPath the Chromium binary; empty: {@code chromium} on the {@code PATH}
 * @param timeout longest render; the Chromium process (and its children) is killed after it, 503
 * @param concurrent renders at once (each a Chromium of ~100 MB for a second or two); one more is refused with
 *     503 and {@code Retry-After}, never queued
 */
@ConfigurationProperties("borderzone.pdf")
record MinutesPdfConfig(@DefaultValue("auto") String renderer, @DefaultValue("") String chromiumPath,
    @DefaultValue("30s") Duration timeout, @DefaultValue("2") int concurrent) {}
