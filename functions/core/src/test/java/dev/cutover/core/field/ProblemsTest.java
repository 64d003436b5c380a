package dev.cutover.core.field;

import org.junit.jupiter.api.Test;

import dev.cutover.core.error.FieldError;
import dev.cutover.core.error.InvalidWorkflowInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemsTest {

    @Test
    void keepsEveryProblemInTheOrderFound() {
        Problems problems = new Problems();
        problems.add("b", "second letter");
        problems.add("a", "first letter");

        assertThat(problems.all())
                .containsExactly(new FieldError("b", "second letter"), new FieldError("a", "first letter"));
        assertThat(problems.isEmpty()).isFalse();
    }

    @Test
    void namesTheRootAsTheCallerChose() {
        Problems problems = new Problems("(payload)");
        problems.add("", "must be an object");
        problems.add("x", "missing");

        assertThat(problems.all())
                .containsExactly(new FieldError("(payload)", "must be an object"), new FieldError("x", "missing"));
        Problems plain = new Problems();
        plain.add("", "whole");
        assertThat(plain.all()).containsExactly(new FieldError("", "whole"));
    }

    @Test
    void aMarkTellsWhetherAPartWasClean() {
        Problems problems = new Problems();
        int start = problems.mark();
        assertThat(problems.cleanSince(start)).isTrue();
        problems.add("a", "wrong");
        assertThat(problems.cleanSince(start)).isFalse();
        assertThat(problems.cleanSince(problems.mark())).isTrue();
    }

    @Test
    void throwsEveryProblemAsTheCallersException() {
        Problems problems = new Problems();
        problems.add("a", "one");
        problems.add("b", "two");

        assertThatThrownBy(() -> problems.throwIfAny(errors -> new InvalidWorkflowInputException("test input", errors)))
                .isInstanceOfSatisfying(
                        InvalidWorkflowInputException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError("a", "one"), new FieldError("b", "two")))
                .hasMessage("invalid test input (2 errors): a: one; b: two");
    }

    @Test
    void throwsNothingWhenClean() {
        assertThatCode(() -> new Problems().throwIfAny(errors -> new IllegalStateException("unexpected")))
                .doesNotThrowAnyException();
    }

    @Test
    void theListHandedOutCannotChangeTheProblems() {
        Problems problems = new Problems();
        problems.add("a", "one");
        assertThatThrownBy(() -> problems.all().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(problems.all()).hasSize(1);
    }
}
