package org.borderzone.ogcapi.cql2;

/**
 * The type of a queryable property: decides which CQL2 operators and literals it may meet (a STRING is never
 * compared with a number, a GEOMETRY only in spatial functions, TIMESTAMP/DATE in comparisons and temporal
 * functions) and how it is published in the queryables JSON Schema.
 */
public enum QueryableType { STRING, INTEGER, NUMBER, BOOLEAN, TIMESTAMP, DATE, GEOMETRY }
