package dev.cutover.core.port.model;

/** What a metric gate measures: the 5xx rate (a fraction 0..1) or a latency percentile (milliseconds). */
public enum Metric {
    ERROR_RATE_5XX,
    LATENCY
}
