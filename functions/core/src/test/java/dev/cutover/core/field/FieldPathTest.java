package dev.cutover.core.field;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldPathTest {

    @Test
    void joinsFieldsWithDotsAndIndexesWithBrackets() {
        String stages = FieldPath.field(FieldPath.field("", "shifting"), "stages");
        assertThat(FieldPath.field(FieldPath.index(stages, 2), "percent")).isEqualTo("shifting.stages[2].percent");
    }

    @Test
    void aFieldOfTheRootIsItsName() {
        assertThat(FieldPath.field("", "service")).isEqualTo("service");
        assertThat(FieldPath.field("", "X-Request-Id")).isEqualTo("X-Request-Id");
    }

    @Test
    void quotesNamesThatAreNotPlainIdentifiers() {
        assertThat(FieldPath.field("headers", "a b")).isEqualTo("headers[\"a b\"]");
        assertThat(FieldPath.field("t", "x.y")).isEqualTo("t[\"x.y\"]");
        assertThat(FieldPath.field("t", "say \"hi\"\\")).isEqualTo("t[\"say \\\"hi\\\"\\\\\"]");
        assertThat(FieldPath.field("t", "1st")).isEqualTo("t[\"1st\"]");
    }
}
