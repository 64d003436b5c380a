package dev.cutover.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The real modules keep the layering {@link Layering} states (and docs/architecture.md draws). */
class LayeringTest {

    private static final String ROOT = "dev.cutover";
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // the reactor hands sibling modules over as jars; a test-jar holds test code, not production
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    @Test
    void everyModuleIsImported() {
        // a rule over no classes proves nothing: each module's classes must be here
        for (String module : new String[] {
            "core.port.model",
            "core.error",
            "core.spec",
            "core.port",
            "core.workflow",
            "aws",
            "handlers",
            "states",
            "runtime",
            "cli"
        }) {
            assertThat(production.stream().filter(c -> c.getPackageName().startsWith(ROOT + "." + module)))
                    .as("classes of %s.%s", ROOT, module)
                    .isNotEmpty();
        }
    }

    @Test
    void coreLayersOnlyLookDown() {
        Layering.coreLayers(ROOT + ".core").check(production);
    }

    @Test
    void everyCorePackageHasAPlace() {
        Layering.corePackagesArePlaced(ROOT + ".core").check(production);
    }

    @Test
    void corePackagesFormNoCycle() {
        Layering.coreHasNoCycles(ROOT + ".core").check(production);
    }

    @Test
    void coreHasNoAwsSdkAndNoAdapter() {
        Layering.coreStandsAlone(ROOT).check(production);
    }

    @Test
    void awsAdaptersSitOnTheCore() {
        Layering.awsAdaptersSitOnTheCore(ROOT).check(production);
    }

    @Test
    void handlersKnowNothingLocal() {
        Layering.handlersRunOnLambdaOnly(ROOT).check(production);
    }

    @Test
    void statesIsALibrary() {
        Layering.statesIsALibrary(ROOT).check(production);
    }

    @Test
    void runtimeIsProductionCode() {
        Layering.runtimeIsProductionCode(ROOT).check(production);
    }
}
