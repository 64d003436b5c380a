package dev.cutover.core.port;

import dev.cutover.core.error.DependencyException;

/** ELBv2 DescribeTargetHealth, or the local router's view of its upstreams. */
public interface TargetHealthReader {

    /** @throws DependencyException when the load balancer cannot be asked */
    TargetHealth describe(String targetGroupArn);

    /**
     * @param healthy targets in state healthy
     * @param total   targets registered
     */
    record TargetHealth(int healthy, int total) {}
}
