package dev.cutover.core.spec;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.170.2/v2/credentials",
                "http://169.254.0.1:8080/",
                "http://169.254.169.254./",
                "http://2852039166/",
                "http://0xa9fea9fe/",
                "http://0xA9.0xFE.0xA9.0xFE/",
                "http://0251.0376.0251.0376/",
                "http://169.254.43518/",
                "http://[fe80::1]/",
                "http://[FE80::a:b]:80/",
                "http://[febf:ffff::1]/",
                "http://[fe80::1%25eth0]/",
                "http://[fd00:ec2::254]/",
                "http://[fd00:0ec2:0:0:0:0:0:0254]/",
                "http://[::ffff:169.254.169.254]/",
                "http://[::ffff:a9fe:a9fe]/",
                "http://[::169.254.169.254]/",
                "http://[64:ff9b::169.254.169.254]/",
                "http://metadata/computeMetadata/v1/",
                "http://metadata.google.internal/",
                "http://METADATA.Google.Internal./",
                "http://instance-data/latest/",
                "http://instance-data.ec2.internal/latest/",
                "http://instance-data.eu-west-1.compute.internal/",
            })
    void linkLocalAndMetadataUrlsAreRefused(String url) {
        assertThat(AddressRules.urlProblem(url))
                .hasValueSatisfying(reason -> assertThat(reason).containsAnyOf("link-local", "instance-metadata"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://orders.example.com",
                "https://orders.example.com:8443/base",
                "http://127.0.0.1:8080/",
                "http://localhost:9000",
                "http://10.0.0.5/",
                "http://169.253.255.255/",
                "http://169.255.0.1/",
                "http://[::1]:8081/",
                "http://[2001:db8::1]/",
                "http://[fec0::1]/",
                "http://[fd00:ec2::253]/",
                "http://metadata.example.com/",
                "http://my-metadata/",
                "https://auth.example.com/path?q=1#frag",
            })
    void ordinaryUrlsAreAccepted(String url) {
        assertThat(AddressRules.urlProblem(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://orders.example.com/",
                "HTTPS://orders.example.com/",
                "/health",
                "orders.example.com",
                "https://user:pass@orders.example.com/",
                "https://user@orders.example.com/",
                "https://orders.example.com:99999/",
                "https://under_score.example.com/",
                "http://1.2.3/",
                "http://010.0.0.1/",
                "http://256.1.1.1/",
                "http:///nohost",
                "https://exa mple.com/",
            })
    void malformedOrUnsafeUrlsAreRefused(String url) {
        assertThat(AddressRules.urlProblem(url)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "169.254.255.255",
                "fe80::1",
                "febf::1",
                "fd00:ec2::254",
                "::ffff:169.254.1.1",
                "64:ff9b::a9fe:101"
            })
    void resolvedForbiddenAddressesAreRecognised(String literal) throws UnknownHostException {
        // a literal never goes to DNS
        assertThat(AddressRules.isForbidden(InetAddress.getByName(literal))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "169.253.1.1",
                "::1",
                "2001:db8::1",
                "fec0::1",
                "fd00:ec2::1",
                "::ffff:10.0.0.1"
            })
    void resolvedOrdinaryAddressesAreAllowed(String literal) throws UnknownHostException {
        assertThat(AddressRules.isForbidden(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth.example.com", "Auth.Example.COM.", "10.0.0.5", "[2001:db8::10]", "localhost"})
    void bareHostsAreAllowedHosts(String host) {
        assertThat(AddressRules.allowedHostProblem(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://auth.example.com",
                "auth.example.com:443",
                "auth.example.com/x",
                "*.example.com",
                "",
                "169.254.169.254",
                "[fe80::1]",
                "metadata",
                "fe80::1"
            })
    void otherAllowedHostEntriesAreRefused(String host) {
        assertThat(AddressRules.allowedHostProblem(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1.2.3",
                "127.255.255.254",
                "0.0.0.0",
                "localhost",
                "LocalHost.",
                "api.localhost",
                "[::1]",
                "[0:0:0:0:0:0:0:1]",
                "[::]",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "[::127.0.0.1]",
                "[::ffff:0.0.0.0]"
            })
    void loopbackAndUnspecifiedHostsAreNamedForWhatTheyAre(String host) {
        assertThat(AddressRules.loopbackProblem(host))
                .hasValueSatisfying(reason ->
                        assertThat(reason).startsWith(host + " is ").contains("smokeTests.allowLoopbackTargets"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders.example.com",
                "10.0.0.5",
                "128.0.0.1",
                "126.255.255.255",
                "1.0.0.0",
                "localhost.example.com",
                "mylocalhost",
                "[2001:db8::1]",
                "[::ffff:10.0.0.1]"
            })
    void otherHostsAreNotLoopback(String host) {
        assertThat(AddressRules.loopbackProblem(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "0.0.0.0", "::1", "::", "::ffff:127.0.0.1", "::127.0.0.1"})
    void resolvedLoopbackAndUnspecifiedAddressesAreRecognised(String literal) throws UnknownHostException {
        assertThat(AddressRules.isLoopback(InetAddress.getByName(literal))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", "128.0.0.1", "2001:db8::1", "::ffff:10.0.0.1", "169.254.169.254"})
    void resolvedOtherAddressesAreNotLoopback(String literal) throws UnknownHostException {
        assertThat(AddressRules.isLoopback(InetAddress.getByName(literal))).isFalse();
    }
}
