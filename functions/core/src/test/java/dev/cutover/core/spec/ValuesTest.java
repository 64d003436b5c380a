package dev.cutover.core.spec;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    private static final List<String> ROUTING = List.of(
            "productionListenerArn",
            "productionRuleArn",
            "testListenerArn",
            "targetGroupArns",
            "productionUrl",
            "testUrl",
            "minHealthyTargets",
            "healthyTargetsWaitSeconds");

    @Test
    void suggestsTheFieldANearMissMeant() {
        assertThat(Values.closest("prodUrl", ROUTING)).hasValue("productionUrl");
        assertThat(Values.closest("testurl", ROUTING)).hasValue("testUrl");
        assertThat(Values.closest("test_url", ROUTING)).hasValue("testUrl");
        assertThat(Values.closest("targetGroupArn", ROUTING)).hasValue("targetGroupArns");
        assertThat(Values.closest("targetGropuArns", ROUTING)).hasValue("targetGroupArns");
        assertThat(Values.closest("servce", List.of("version", "service", "routing")))
                .hasValue("service");
    }

    @Test
    void suggestsNothingForUnrelatedNames() {
        assertThat(Values.closest("zzz", ROUTING)).isEmpty();
        assertThat(Values.closest("color", List.of("mode", "steps", "stepWaitSeconds")))
                .isEmpty();
    }

    @Test
    void quotesEscapeControlCharactersAndCutLongText() {
        assertThat(Values.quote("a\"b\n\u0001")).isEqualTo("\"a\\\"b\\n\\u0001\"");
        assertThat(Values.quote("x".repeat(500))).hasSize(160 + 5).endsWith("...\"");
    }

    @Test
    void levenshteinDistance() {
        assertThat(Values.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Values.distance("", "abc")).isEqualTo(3);
        assertThat(Values.distance("same", "same")).isZero();
    }
}
