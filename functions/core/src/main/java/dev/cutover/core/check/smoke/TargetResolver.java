package dev.cutover.core.check.smoke;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.cutover.core.spec.AddressRules;

/**
 * Turns a smoke test's target into the URI to call, refusing targets that could reach somewhere they must not.
 *
 * <p>The spec validator already refuses bad hosts; this is the second line of defence, run right before each
 * test, so it also catches a host name whose DNS answer changed since validation (DNS rebinding). A gap remains
 * by design: the HTTP client resolves the name again when it connects, and pinning the address would break TLS
 * host verification.
 */
final class TargetResolver {

    private final HostResolver hostResolver;

    TargetResolver(HostResolver hostResolver) {
        this.hostResolver = hostResolver;
    }

    /**
     * @param listenerUrl  the listener's base URL; a path target keeps its path prefix
     * @param target       {@code /path?query} or an absolute http(s) URL
     * @param allowedHosts hosts an absolute URL may name besides the listener's own
     */
    URI resolve(URI listenerUrl, String target, List<String> allowedHosts) throws TargetRefusedException {
        return resolve(listenerUrl, target, allowedHosts, false);
    }

    /** @param allowLoopback whether the spec lets tests call this machine ({@code smokeTests.allowLoopbackTargets}) */
    URI resolve(URI listenerUrl, String target, List<String> allowedHosts, boolean allowLoopback)
            throws TargetRefusedException {
        URI uri = buildUri(listenerUrl, target, allowedHosts);
        refuseForbiddenAddresses(uri.getHost(), allowLoopback);
        return uri;
    }

    /** The URI a target names, before any address check; for messages when the target is refused. */
    static String describe(URI listenerUrl, String target) {
        if (target != null && target.startsWith("/") && !target.startsWith("//") && listenerUrl != null) {
            return listenerUrl.getScheme() + "://" + listenerUrl.getRawAuthority() + basePath(listenerUrl) + target;
        }
        return String.valueOf(target);
    }

    private static URI buildUri(URI listenerUrl, String target, List<String> allowedHosts)
            throws TargetRefusedException {
        if (listenerUrl == null || !isHttp(listenerUrl) || listenerUrl.getHost() == null) {
            throw new TargetRefusedException(
                    "listener URL " + listenerUrl + " is not an absolute http(s) URL with a host");
        }
        if (target == null || target.isBlank()) {
            throw new TargetRefusedException(
                    "target is empty; expected a path starting with / or an absolute http(s) URL");
        }
        if (target.startsWith("//")) {
            // "//host/x" is a scheme-relative URL naming another host, not a path
            throw new TargetRefusedException("target " + target + " starts with //; a path must start with a single /");
        }
        if (target.startsWith("/")) {
            String text =
                    listenerUrl.getScheme() + "://" + listenerUrl.getRawAuthority() + basePath(listenerUrl) + target;
            try {
                return new URI(text);
            } catch (URISyntaxException e) {
                throw new TargetRefusedException("target " + target + " is not a valid URI path: " + e.getReason()
                        + " at index " + e.getIndex());
            }
        }
        URI absolute;
        try {
            absolute = new URI(target);
        } catch (URISyntaxException e) {
            throw new TargetRefusedException(
                    "target " + target + " is neither a path starting with / nor a valid URL: " + e.getReason());
        }
        if (!absolute.isAbsolute() || !isHttp(absolute) || absolute.getHost() == null) {
            throw new TargetRefusedException(
                    "target " + target + " must be a path starting with / or an absolute http(s) URL with a host");
        }
        String host = normalizeHost(absolute.getHost());
        boolean allowed = host.equals(normalizeHost(listenerUrl.getHost()))
                || allowedHosts.stream()
                        .anyMatch(h -> h != null && normalizeHost(h).equals(host));
        if (!allowed) {
            throw new TargetRefusedException("host " + absolute.getHost()
                    + " is neither the listener's host nor in smokeTests.allowedHosts " + allowedHosts);
        }
        return absolute;
    }

    private void refuseForbiddenAddresses(String uriHost, boolean allowLoopback) throws TargetRefusedException {
        String host = stripBrackets(uriHost);
        InetAddress[] addresses;
        try {
            addresses = hostResolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new TargetRefusedException("cannot resolve host " + host + " (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new TargetRefusedException("cannot resolve host " + host + " (" + e + ")");
        }
        if (addresses == null || addresses.length == 0) {
            throw new TargetRefusedException("cannot resolve host " + host + " (no addresses)");
        }
        for (InetAddress address : addresses) {
            if (isForbidden(address)) {
                String shown = address.getHostAddress();
                throw new TargetRefusedException(
                        isLiteral(host)
                                ? "host " + host + " is a link-local / instance-metadata address"
                                : "host " + host + " resolves to " + shown
                                        + ", a link-local / instance-metadata address");
            }
        }
        if (!allowLoopback) {
            for (InetAddress address : addresses) {
                String shown = isLiteral(host)
                        ? "host " + host + " is"
                        : "host " + host + " resolves to " + address.getHostAddress() + ",";
                Optional<String> problem = AddressRules.loopbackAddressProblem(shown, address);
                if (problem.isPresent()) {
                    throw new TargetRefusedException(problem.get());
                }
            }
        }
    }

    /**
     * Whether an address is link-local (169.254.0.0/16, fe80::/10, which includes the EC2 and ECS metadata
     * endpoints) or the EC2 IPv6 metadata endpoint fd00:ec2::254, also when embedded in an IPv6 address.
     */
    static boolean isForbidden(InetAddress address) {
        if (address.isLinkLocalAddress()) {
            return true;
        }
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (isEc2MetadataV6(b)) {
                return true;
            }
            byte[] embedded = embeddedIpv4(b);
            return embedded != null && (embedded[0] & 0xff) == 169 && (embedded[1] & 0xff) == 254;
        }
        return false;
    }

    private static boolean isEc2MetadataV6(byte[] b) {
        // fd00:ec2::254
        byte[] metadata = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
        return Arrays.equals(b, metadata);
    }

    /** The IPv4 address inside an IPv4-compatible, IPv4-mapped or NAT64 (64:ff9b::/96) IPv6 address. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        boolean compatOrMapped =
                firstTenZero && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff));
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return compatOrMapped || nat64 ? new byte[] {b[12], b[13], b[14], b[15]} : null;
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /** The listener's path without a trailing slash, so "/api/" + "/health" gives "/api/health". */
    private static String basePath(URI listenerUrl) {
        String path = listenerUrl.getRawPath();
        if (path == null) {
            return "";
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static String normalizeHost(String host) {
        String h = stripBrackets(host.trim()).toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
