package dev.cutover.core.plan;

import java.math.BigDecimal;

/**
 * The AWS list prices {@code cutover plan} multiplies by, in US dollars, for US East (N. Virginia), as read on
 * {@link #READ_ON}. Prices change and differ by region: the plan prints this date and the pages next to every
 * cost, and the free tiers (4,000 transitions and one million Lambda requests a month) are not subtracted.
 */
public final class PublishedRates {

    private PublishedRates() {}

    /** When the rates below were read from the pages below. */
    public static final String READ_ON = "2026-12-07";

    /** The region the rates are for. */
    public static final String REGION = "us-east-1";

    /**
     * Step Functions Standard workflows: "$0.025 per 1,000 state transitions" (US East (N. Virginia) $0.0250);
     * "each retry will be charged as an additional state transition".
     */
    public static final String STEP_FUNCTIONS_PAGE = "https://aws.amazon.com/step-functions/pricing/";

    public static final BigDecimal STATE_TRANSITIONS_PER_1000 = new BigDecimal("0.025");

    /**
     * Lambda: requests at $0.20 per million, duration per GB-second by architecture, first tier; the stack's
     * functions run on arm64 (template.yaml's Globals), $0.0000133334 per GB-second.
     */
    public static final String LAMBDA_PAGE = "https://aws.amazon.com/lambda/pricing/";

    public static final BigDecimal LAMBDA_REQUESTS_PER_MILLION = new BigDecimal("0.20");

    public static final BigDecimal LAMBDA_ARM_PER_GB_SECOND = new BigDecimal("0.0000133334");
}
