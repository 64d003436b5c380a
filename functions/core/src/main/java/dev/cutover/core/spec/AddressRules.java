package dev.cutover.core.spec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses a smoke test may call. A spec comes from a deployment pipeline, and the functions that run its
 * smoke tests hold AWS credentials: a URL pointing at the instance-metadata or container-credentials endpoint
 * (all link-local) would hand those credentials to whoever wrote the spec. So link-local and metadata addresses
 * are refused in every spelling this class can recognise without a DNS lookup.
 *
 * <p>Checks here are syntactic. A host name that <em>resolves</em> to a link-local address is not caught;
 * whoever opens connections should also test the resolved address with {@link #isForbidden(InetAddress)}.
 */
public final class AddressRules {

    /** Host names of metadata services, compared after lower-casing and dropping a trailing dot. */
    private static final Set<String> METADATA_HOSTS =
            Set.of("metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal");

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /** A last label made of digits (or 0x and hex digits) makes the whole host an IPv4 literal to resolvers. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)[0-9]+|0x[0-9a-f]*");

    private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");
    private static final String NO_USER_INFO = "must not contain user info (a user name or password before the"
            + " host): URLs end up in logs; send credentials in a header instead";

    private static final byte[] EC2_IPV6_METADATA = {
        (byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
    };

    private AddressRules() {}

    /**
     * Checks a URL a smoke test may call: absolute {@code http} or {@code https}, with a host, without user
     * info, and not at a forbidden address.
     *
     * @return why the URL is refused, or empty when it may be called
     */
    public static Optional<String> urlProblem(String url) {
        // checked before anything that quotes the URL, so a password in it never reaches an error message
        if (USER_INFO.matcher(url).find()) {
            return Optional.of(NO_USER_INFO);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!uri.isAbsolute() || !scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("expected an absolute http:// or https:// URL such as https://orders.example.com, got "
                    + Values.quote(url));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(NO_USER_INFO);
        }
        if (uri.getHost() == null) {
            // java.net.URI gives no host for names it cannot read, among them some spellings of link-local
            // addresses (169.254.169.254., octal parts): name those for what they are
            String authority =
                    uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
            return Optional.of(
                    authority.isEmpty()
                            ? "has no host: " + Values.quote(url)
                            : hostProblem(authority).orElse(Values.quote(authority) + " is not a valid host name"));
        }
        if (uri.getPort() > 65535) {
            return Optional.of("port " + uri.getPort() + " is out of range (1..65535)");
        }
        return hostProblem(uri.getHost());
    }

    /**
     * Checks a host as written in a URL: a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address.
     *
     * @return why the host is refused, or empty when it may be called
     */
    public static Optional<String> hostProblem(String host) {
        String h = normalize(host);
        if (h.startsWith("[")) {
            if (!h.endsWith("]") || h.indexOf(':') < 0) {
                return Optional.of(Values.quote(host) + " is not a valid IPv6 address");
            }
            String literal = h.substring(1, h.length() - 1);
            int zone = literal.indexOf('%');
            InetAddress address;
            try {
                // brackets make the JDK treat it as a literal and never ask DNS
                address = InetAddress.getByName("[" + (zone < 0 ? literal : literal.substring(0, zone)) + "]");
            } catch (UnknownHostException | SecurityException e) {
                return Optional.of(Values.quote(host) + " is not a valid IPv6 address");
            }
            return forbiddenReason(host, address);
        }
        if (METADATA_HOSTS.contains(h) || h.startsWith("instance-data.") && h.endsWith(".internal")) {
            return Optional.of(host + " is an instance-metadata host name; smoke tests must never call it");
        }
        String lastLabel = h.substring(h.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(lastLabel).matches()) {
            return ipv4Problem(host, h);
        }
        if (!HOST_NAME.matcher(h).matches()) {
            return Optional.of(Values.quote(host) + " is not a valid host name");
        }
        return Optional.empty();
    }

    /**
     * Whether an address, typically one a host name resolved to, is link-local (169.254.0.0/16, fe80::/10; the
     * EC2, ECS and Lambda credential endpoints live there), EC2's IPv6 metadata endpoint fd00:ec2::254, or one
     * of those written as an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address.
     */
    public static boolean isForbidden(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isLinkLocalV4(b, 0);
        }
        if (address instanceof Inet6Address) {
            if (b[0] == (byte) 0xfe && (b[1] & 0xc0) == 0x80) {
                return true;
            }
            if (java.util.Arrays.equals(b, EC2_IPV6_METADATA)) {
                return true;
            }
            return embedsIpv4(b) && isLinkLocalV4(b, 12);
        }
        return false;
    }

    /** The field a spec sets to let smoke tests call this machine. */
    public static final String ALLOW_LOOPBACK_FIELD = "smokeTests.allowLoopbackTargets";

    private static final String ALLOW_LOOPBACK_HINT = "; smoke tests call this machine only when the spec sets "
            + ALLOW_LOOPBACK_FIELD + ": true (on Lambda, 127.0.0.1:9001 is the Runtime API)";

    /**
     * Whether an address is this machine: loopback (127.0.0.0/8, ::1) or unspecified (0.0.0.0/8, ::, which
     * connect to this machine), also when written as an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address.
     */
    public static boolean isLoopback(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isLoopbackV4(b, 0);
        }
        return address instanceof Inet6Address && embedsIpv4(b) && isLoopbackV4(b, 12);
    }

    /**
     * Why a resolved address may not be called without {@value #ALLOW_LOOPBACK_FIELD}, or empty when it is not
     * this machine.
     *
     * @param subject how the message starts: "host 127.0.0.1 is" or "host api.test resolves to 127.0.0.1,"
     */
    public static Optional<String> loopbackAddressProblem(String subject, InetAddress address) {
        if (!isLoopback(address)) {
            return Optional.empty();
        }
        return Optional.of(subject + " " + loopbackKind(address) + ALLOW_LOOPBACK_HINT);
    }

    /**
     * Checks a host as written in a URL (or in {@code allowedHosts}) for this machine: {@code localhost} and names
     * under it, and loopback or unspecified address literals. Names are not resolved here; the smoke test runner
     * checks what they resolve to before each call.
     *
     * @return why the host needs {@value #ALLOW_LOOPBACK_FIELD}, or empty when it is not this machine
     */
    public static Optional<String> loopbackProblem(String host) {
        String h = normalize(host);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return Optional.of(host + " is a loopback host name (this machine)" + ALLOW_LOOPBACK_HINT);
        }
        InetAddress address;
        try {
            if (h.startsWith("[") && h.endsWith("]")) {
                String literal = h.substring(1, h.length() - 1);
                int zone = literal.indexOf('%');
                // brackets make the JDK treat it as a literal and never ask DNS
                address = InetAddress.getByName("[" + (zone < 0 ? literal : literal.substring(0, zone)) + "]");
            } else if (DOTTED_QUAD.matcher(h).matches()) {
                address = InetAddress.getByName(h);
            } else {
                return Optional.empty();
            }
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
        return isLoopback(address)
                ? Optional.of(host + " is " + loopbackKind(address) + ALLOW_LOOPBACK_HINT)
                : Optional.empty();
    }

    private static String loopbackKind(InetAddress address) {
        byte[] b = address.getAddress();
        boolean unspecified = address.isAnyLocalAddress()
                || address instanceof Inet4Address && (b[0] & 0xff) == 0
                || address instanceof Inet6Address && embedsIpv4(b) && (b[12] & 0xff) == 0;
        return unspecified && !address.isLoopbackAddress()
                ? "an unspecified address (connecting to it reaches this machine, like a loopback address)"
                : "a loopback address (this machine)";
    }

    private static boolean isLoopbackV4(byte[] b, int at) {
        int first = b[at] & 0xff;
        return first == 127 || first == 0;
    }

    /**
     * Lower-cases a host and drops one trailing dot, so {@code Auth.Example.com.} and {@code auth.example.com}
     * compare equal.
     */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * Checks an entry of {@code smokeTests.allowedHosts}: a bare host (no scheme, port or path) that
     * {@link #hostProblem(String)} accepts.
     */
    static Optional<String> allowedHostProblem(String entry) {
        String h = normalize(entry);
        boolean ipv6 = h.startsWith("[") && h.endsWith("]");
        if (!ipv6 && !HOST_NAME.matcher(h).matches() && !DOTTED_QUAD.matcher(h).matches()) {
            return Optional.of("expected a bare host name such as auth.example.com (no scheme, port or path), got "
                    + Values.quote(entry));
        }
        return hostProblem(entry);
    }

    private static Optional<String> ipv4Problem(String host, String h) {
        long value = 0;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.of(Values.quote(host) + " is not a valid IPv4 address");
        }
        // resolvers read 1 to 4 parts, each decimal, octal (leading 0) or hex (0x), as inet_aton does
        for (int i = 0; i < parts.length; i++) {
            long part;
            try {
                part = parseInetAtonPart(parts[i]);
            } catch (NumberFormatException e) {
                return Optional.of(Values.quote(host) + " is not a valid IPv4 address");
            }
            boolean last = i == parts.length - 1;
            long limit = last ? (1L << (8 * (4 - i))) - 1 : 255;
            if (part > limit) {
                return Optional.of(Values.quote(host) + " is not a valid IPv4 address");
            }
            value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
        }
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        String dotted = (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        if (isLinkLocalV4(b, 0)) {
            return Optional.of(linkLocal(host));
        }
        if (!DOTTED_QUAD.matcher(h).matches()) {
            return Optional.of(Values.quote(host) + " is an ambiguous way to write the IPv4 address " + dotted
                    + "; write it as four decimal numbers");
        }
        return Optional.empty();
    }

    private static long parseInetAtonPart(String part) {
        if (part.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        if (part.startsWith("0x")) {
            return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
        }
        if (part.length() > 1 && part.startsWith("0")) {
            return Long.parseLong(part.substring(1), 8);
        }
        if (part.length() > 12) {
            throw new NumberFormatException("too long");
        }
        return Long.parseLong(part);
    }

    private static Optional<String> forbiddenReason(String host, InetAddress address) {
        return isForbidden(address) ? Optional.of(linkLocal(host)) : Optional.empty();
    }

    private static String linkLocal(String host) {
        return host + " is a link-local or instance-metadata address (169.254.0.0/16, fe80::/10, fd00:ec2::254),"
                + " where instance and container credentials are served; smoke tests must never call it";
    }

    private static boolean isLinkLocalV4(byte[] b, int at) {
        return (b[at] & 0xff) == 169 && (b[at + 1] & 0xff) == 254;
    }

    /** ::a.b.c.d (IPv4-compatible), ::ffff:a.b.c.d (mapped) or 64:ff9b::a.b.c.d (NAT64). */
    private static boolean embedsIpv4(byte[] b) {
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        if (zeros && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff)) {
            return true;
        }
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        return nat64;
    }
}
