package dev.cutover.runtime.router;

import java.net.URI;
import java.util.Objects;

import org.eclipse.jetty.http.HttpURI;

import dev.cutover.core.port.model.Weights;

/**
 * Everything a request's upstream choice depends on, swapped as one value so a request never sees the weights of
 * one switch with the upstreams of another.
 */
record RouteTable(Weights weights, HttpURI blue, HttpURI green, Version testSlot) {

    RouteTable {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(blue, "blue");
        Objects.requireNonNull(green, "green");
        Objects.requireNonNull(testSlot, "testSlot");
    }

    static RouteTable of(Weights weights, URI blue, URI green) {
        return new RouteTable(weights, HttpURI.from(blue), HttpURI.from(green), Version.GREEN);
    }

    /** The upstream for a roll uniformly drawn from 0..99. */
    Version choose(int roll) {
        return roll < weights.green() ? Version.GREEN : Version.BLUE;
    }

    HttpURI upstream(Version version) {
        return version == Version.BLUE ? blue : green;
    }

    RouteTable withWeights(Weights newWeights) {
        return new RouteTable(newWeights, blue, green, testSlot);
    }

    RouteTable withUpstream(Version version, URI base) {
        HttpURI uri = HttpURI.from(base);
        return version == Version.BLUE
                ? new RouteTable(weights, uri, green, testSlot)
                : new RouteTable(weights, blue, uri, testSlot);
    }

    RouteTable withTestSlot(Version slot) {
        return new RouteTable(weights, blue, green, slot);
    }
}
