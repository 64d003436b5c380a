package dev.cutover.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The layering rules can fail: made-up trees under {@code fixture/} break them on purpose (a port importing the
 * domain above it; two domain packages using each other) and one keeps them.
 */
class LayeringRulesTest {

    private static final String FIXTURES = "dev.cutover.tests.architecture.fixture.";

    private static JavaClasses tree(String name) {
        return new ClassFileImporter().importPackages(FIXTURES + name);
    }

    @Test
    void givenAPortThatImportsTheDomainAboveItThenTheLayersRuleFails() {
        assertThatThrownBy(
                        () -> Layering.coreLayers(FIXTURES + "portlooksup.core").check(tree("portlooksup")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PlanStore")
                .hasMessageContaining("Plan");
    }

    @Test
    void givenTwoPackagesThatUseEachOtherThenTheCycleRuleFails() {
        assertThatThrownBy(
                        () -> Layering.coreHasNoCycles(FIXTURES + "cycle.core").check(tree("cycle")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle");
    }

    @Test
    void givenACorePackageWithNoLayerThenThePlacementRuleFails() {
        assertThatThrownBy(() -> Layering.corePackagesArePlaced(FIXTURES + "unplaced.core")
                        .check(tree("unplaced")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("util.Strings");
    }

    @Test
    void givenATreeThatKeepsTheLayersThenEveryRulePasses() {
        JavaClasses clean = tree("clean");
        assertThatCode(() -> {
                    Layering.coreLayers(FIXTURES + "clean.core").check(clean);
                    Layering.coreHasNoCycles(FIXTURES + "clean.core").check(clean);
                    Layering.corePackagesArePlaced(FIXTURES + "clean.core").check(clean);
                })
                .doesNotThrowAnyException();
    }
}
