package dev.cutover.runtime.router;

/** Which of a {@link LocalRouter}'s two listeners a request came in on. */
public enum RouterListener {
    /** Weighted between blue and green. */
    PRODUCTION,
    /** Always green: for smoke tests before green takes production traffic. */
    TEST
}
