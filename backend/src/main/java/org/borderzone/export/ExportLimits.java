package org.borderzone.export;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What exports may cost ({@code borderzone.limits.export.*}, docs/LIMITS.md and docs/EXPORTS.md).
 *
 * @param maxRows most features in one export, counted before the first byte (else 422 naming {@code bbox})
 * @param concurrent exports running at once (each holds a database connection and, for GeoPackage, a temporary
 *     file); one more is refused with 503 and {@code Retry-After}
 * @param fetchSize rows fetched from PostgreSQL per round trip (the only rows held in memory)
 */
@ConfigurationProperties("borderzone.limits.export")
record ExportLimits(@DefaultValue("1000000") long maxRows, @DefaultValue("4") int concurrent,
    @DefaultValue("1000") int fetchSize) {}
