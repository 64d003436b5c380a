package dev.cutover.runtime.demo;

import java.util.Locale;

/** How {@code cutover demo} switches production traffic ({@code --routing}); docs/routing.md compares the two. */
public enum DemoRouting {
    /** The router's weights, as a load balancer's listener: each request follows the weights at once. */
    ELB,
    /**
     * Two weighted DNS records ({@code routing.type: route53}, {@code LocalDnsRecords}) with a short TTL: each load
     * client resolves through its own caching resolver and sends to the version its answer names.
     */
    DNS;

    /**
     * The routing {@code --routing} names.
     *
     * @throws IllegalArgumentException naming the option when it is neither {@code elb} nor {@code dns}
     */
    public static DemoRouting parse(String value) {
        for (DemoRouting routing : values()) {
            if (routing.name().equalsIgnoreCase(value)) {
                return routing;
            }
        }
        throw new IllegalArgumentException("--routing must be elb or dns, got '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
