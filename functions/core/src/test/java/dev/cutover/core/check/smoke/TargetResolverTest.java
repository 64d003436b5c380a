package dev.cutover.core.check.smoke;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetResolverTest {

    private static final URI LISTENER = URI.create("https://alb.example.com:8443/base/");

    /** Fake DNS: known names answer with the given address, anything else is looked up for real. */
    private static TargetResolver resolver(Map<String, String> dns) {
        return new TargetResolver(host -> {
            String address = dns.get(host);
            return address != null
                    ? new InetAddress[] {InetAddress.getByName(address)}
                    : InetAddress.getAllByName(host);
        });
    }

    private static TargetResolver everythingIsPrivate() {
        return new TargetResolver(host -> new InetAddress[] {InetAddress.getByName("10.0.0.7")});
    }

    @Test
    void pathKeepsListenerPrefixAndTargetQuery() throws Exception {
        URI uri = everythingIsPrivate()
                .resolve(URI.create("https://alb.example.com:8443/base/?ignored=1"), "/health?deep=true", List.of());

        assertThat(uri).isEqualTo(URI.create("https://alb.example.com:8443/base/health?deep=true"));
    }

    @Test
    void pathOnListenerWithoutPath() throws Exception {
        URI uri = everythingIsPrivate().resolve(URI.create("http://alb.example.com"), "/health", List.of());

        assertThat(uri).isEqualTo(URI.create("http://alb.example.com/health"));
    }

    @Test
    void hostNameResolvingToLoopbackIsRefusedByDefault() {
        assertThatThrownBy(() -> resolver(Map.of("local.test", "127.0.0.1"))
                        .resolve(LISTENER, "http://local.test:8080/x", List.of("local.test")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("host local.test resolves to 127.0.0.1, a loopback address")
                .hasMessageContaining("smokeTests.allowLoopbackTargets");
    }

    @Test
    void hostNameResolvingToLoopbackIsAllowedWhenTheSpecAllowsLoopbackTargets() throws Exception {
        URI uri = resolver(Map.of("local.test", "127.0.0.1"))
                .resolve(LISTENER, "http://local.test:8080/x", List.of("local.test"), true);

        assertThat(uri.getHost()).isEqualTo("local.test");
    }

    @Test
    void allowedHostsMatchIgnoringCaseAndTrailingDot() throws Exception {
        URI uri = everythingIsPrivate()
                .resolve(LISTENER, "https://Status.Example.COM./ping", List.of("status.example.com"));

        assertThat(uri.getPath()).isEqualTo("/ping");
    }

    @Test
    void listenerHostIsAlwaysAllowed() throws Exception {
        URI uri = everythingIsPrivate().resolve(LISTENER, "https://ALB.example.com/other", List.of());

        assertThat(uri.getPath()).isEqualTo("/other");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://alb.example.com/x",
                "file:///etc/passwd",
                "alb.example.com/x",
                "health",
                "//alb.example.com/x",
                "",
                "/bad path"
            })
    void malformedTargetsAreRefused(String target) {
        assertThatThrownBy(() -> everythingIsPrivate().resolve(LISTENER, target, List.of()))
                .isInstanceOf(TargetRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "169.254.0.1",
                "fe80::1",
                "febf::1",
                "fd00:ec2::254",
                "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "::a9fe:a9fe"
            })
    void forbiddenAddresses(String address) throws UnknownHostException {
        assertThat(TargetResolver.isForbidden(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.0.0.5",
                "::1",
                "fd00:ec2::253",
                "fec0::1",
                "169.253.255.255",
                "169.255.0.1",
                "2001:db8::1"
            })
    void allowedAddresses(String address) throws UnknownHostException {
        assertThat(TargetResolver.isForbidden(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void anyForbiddenAnswerAmongSeveralRefuses() {
        TargetResolver twoAnswers = new TargetResolver(host ->
                new InetAddress[] {InetAddress.getByName("10.0.0.1"), InetAddress.getByName("169.254.169.254")});

        assertThatThrownBy(() -> twoAnswers.resolve(LISTENER, "/health", List.of()))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessage("host alb.example.com resolves to 169.254.169.254, a link-local / instance-metadata "
                        + "address");
    }

    @Test
    void disallowedHostIsRefusedBeforeAnyLookup() {
        TargetResolver noDns = new TargetResolver(host -> {
            throw new AssertionError("looked up " + host);
        });

        assertThatThrownBy(() -> noDns.resolve(LISTENER, "http://evil.example/", List.of("ok.example")))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining("host evil.example is neither the listener's host nor in");
    }
}
