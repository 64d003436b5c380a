package dev.cutover.core.port.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON form the Postgres and DynamoDB ledgers keep a stage's findings in. */
class JudgeFindingsJsonTest {

    @Test
    void noTextIsNoFindingsAndNoFindingsIsAnEmptyArray() {
        assertThat(JudgeFindingsJson.fromJson(null)).isEmpty();
        assertThat(JudgeFindingsJson.fromJson(" ")).isEmpty();
        assertThat(JudgeFindingsJson.toJson(List.of())).isEqualTo("[]");
    }

    @Test
    void aFindingWithoutAFieldItNeedsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> JudgeFindingsJson.fromJson("[{\"metric\": \"latency\"}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'test'");
        assertThatThrownBy(() -> JudgeFindingsJson.fromJson("{\"metric\": \"latency\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON array");
        assertThatThrownBy(() -> JudgeFindingsJson.fromJson("[{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }
}
