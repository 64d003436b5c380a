package dev.cutover.core.check.smoke;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into the addresses a connection could reach. Injectable so tests can play a DNS server that
 * answers with an instance-metadata address.
 */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
