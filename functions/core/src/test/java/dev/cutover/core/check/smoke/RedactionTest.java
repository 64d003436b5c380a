package dev.cutover.core.check.smoke;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Authorization",
                "Proxy-Authorization",
                "Cookie",
                "X-Api-Key",
                "x-auth-token",
                "X-Client-Secret",
                "apikey",
                "X-Session-Id",
                "X-Amz-Security-Token"
            })
    void sensitiveNames(String name) {
        assertThat(Redaction.isSensitiveName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "Content-Type", "X-Request-Id", "User-Agent", "X-Trace"})
    void ordinaryNames(String name) {
        assertThat(Redaction.isSensitiveName(name)).isFalse();
    }

    @Test
    void headersAreSortedAndMasked() {
        assertThat(Redaction.headers(Map.of("X-Trace", "t1", "Authorization", "Bearer abc")))
                .isEqualTo("{Authorization=***, X-Trace=t1}");
    }

    @Test
    void urlMasksUserInfoAndSensitiveQueryValues() {
        assertThat(Redaction.url(URI.create("https://user:pw@host.example:8443/p/a?token=abc&page=2&flag")))
                .isEqualTo("https://***@host.example:8443/p/a?token=***&page=2&flag");
    }

    @Test
    void excerptIsOneQuotedLineOfAtMostTwoHundredChars() {
        assertThat(Redaction.excerpt("a\"b\nc")).isEqualTo("\"a\\\"b\\nc\"");
        String longOne = Redaction.excerpt("y".repeat(250));
        assertThat(longOne).isEqualTo("\"" + "y".repeat(200) + "\"... (250 chars)");
    }
}
