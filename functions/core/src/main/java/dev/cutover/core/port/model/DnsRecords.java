package dev.cutover.core.port.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pair of Route 53 weighted records a {@code routing.type: route53} deployment shifts traffic with: same name
 * and type, one set identifier per version. The records themselves (their alias targets or CNAME values) are the
 * operator's; Cutover only changes their weights.
 *
 * @param hostedZoneId   the hosted zone holding the records, e.g. {@code Z0123456789ABCDEFGHIJ}
 * @param recordName     the name clients resolve, e.g. {@code orders.example.com}
 * @param type           {@link Type#A} for alias records to each version's load balancer, {@link Type#CNAME}
 *                       for CNAME records with a TTL of their own
 * @param ttl            the CNAME records' TTL; empty for alias records, which have none of their own
 * @param setIdentifiers the two records' set identifiers, in the order of the routing's target groups: the record
 *                       at index {@code i} sends clients to the version behind {@code targetGroupArns[i]}
 */
public record DnsRecords(
        String hostedZoneId, String recordName, Type type, Optional<Duration> ttl, List<String> setIdentifiers) {

    /**
     * What a resolver may cache an alias record's answer for: Route 53 answers an alias query with the alias
     * target's own TTL, 60 s for an Elastic Load Balancing load balancer ("Values common for alias records": TTL,
     * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias-common.html, and
     * the Route 53 FAQ on DNS failover: ELB alias records have a fixed TTL of 60 seconds).
     */
    public static final Duration ALIAS_TARGET_TTL = Duration.ofSeconds(60);

    /** The record types Cutover shifts. */
    public enum Type {
        /** Weighted alias A records, one per version's load balancer. */
        A,
        /** Weighted CNAME records with a TTL. */
        CNAME
    }

    public DnsRecords {
        LockLease.requireText(hostedZoneId, "hostedZoneId");
        LockLease.requireText(recordName, "recordName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ttl, "ttl");
        setIdentifiers = List.copyOf(setIdentifiers);
        if (setIdentifiers.size() != 2 || setIdentifiers.get(0).equals(setIdentifiers.get(1))) {
            throw new IllegalArgumentException("two different set identifiers are needed, not " + setIdentifiers);
        }
        if (type == Type.A && ttl.isPresent()) {
            throw new IllegalArgumentException("alias A records have no TTL of their own");
        }
        if (type == Type.CNAME && ttl.isEmpty()) {
            throw new IllegalArgumentException("CNAME records need a TTL");
        }
    }

    /**
     * How long a resolver may keep answering with a record as it was before a change: the CNAME's TTL, or the
     * alias target's for alias records.
     */
    public Duration cachingBound() {
        return ttl.orElse(ALIAS_TARGET_TTL);
    }

    /** The set identifier of the record that sends clients to the version behind target group {@code index}. */
    public String setIdentifier(int index) {
        return setIdentifiers.get(index);
    }

    @Override
    public String toString() {
        return "Route 53 records " + recordName + " " + type + " " + setIdentifiers + " in zone " + hostedZoneId;
    }
}
