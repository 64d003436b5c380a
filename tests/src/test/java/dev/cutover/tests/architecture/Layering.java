package dev.cutover.tests.architecture;

import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of Cutover's modules and of the core's packages, as ArchUnit rules over compiled classes. The rules
 * take the root package as an argument so that {@code LayeringRulesTest} can prove them on small made-up trees
 * that break them; {@code LayeringTest} applies them to the real code. {@code docs/architecture.md} draws the same.
 *
 * <p>Core, bottom to top: {@code port.model} (the values ports and errors speak) &lt; {@code error} (every
 * user-facing exception) &lt; {@code field} (the one field reader) &lt; {@code spec} &lt; {@code port} (the
 * interfaces) &lt; the domain packages, which may use each other but never in a cycle.
 */
final class Layering {

    /** The core's domain packages, above the ports; each is a peer of the others. */
    static final List<String> DOMAIN = List.of("check", "health", "traffic", "hook", "deploy", "workflow", "plan");

    private Layering() {}

    /** No core package imports one above it. */
    static ArchRule coreLayers(String core) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Model")
                .definedBy(core + ".port.model..")
                .layer("Error")
                .definedBy(core + ".error..")
                .layer("Field")
                .definedBy(core + ".field..")
                .layer("Spec")
                .definedBy(core + ".spec..")
                .layer("Port")
                .definedBy(core + ".port")
                .layer("Domain")
                .definedBy(DOMAIN.stream().map(p -> core + "." + p + "..").toArray(String[]::new))
                .whereLayer("Domain")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Port")
                .mayOnlyBeAccessedByLayers("Domain")
                .whereLayer("Spec")
                .mayOnlyBeAccessedByLayers("Port", "Domain")
                .whereLayer("Field")
                .mayOnlyBeAccessedByLayers("Spec", "Port", "Domain")
                .whereLayer("Error")
                .mayOnlyBeAccessedByLayers("Field", "Spec", "Port", "Domain")
                .whereLayer("Model")
                .mayOnlyBeAccessedByLayers("Error", "Field", "Spec", "Port", "Domain")
                .because(
                        "a port speaks only values beneath it, and the domain sits on the ports (docs/architecture.md)");
    }

    /** Every core class sits in one of the layers above, so a new package has to be placed on purpose. */
    static ArchRule corePackagesArePlaced(String core) {
        String[] placed = Stream.concat(
                        Stream.of("port.model..", "error..", "field..", "spec..", "port"),
                        DOMAIN.stream().map(p -> p + ".."))
                .map(p -> core + "." + p)
                .toArray(String[]::new);
        return classes()
                .that()
                .resideInAPackage(core + "..")
                .should()
                .resideInAnyPackage(placed)
                .because("a new core package needs its place in Layering and docs/architecture.md");
    }

    /** No two core packages depend on each other, directly or around a loop. */
    static ArchRule coreHasNoCycles(String core) {
        return slices().matching(core + ".(**)").should().beFreeOfCycles();
    }

    /** The core is the domain: no AWS SDK, and nothing of the modules built on it. */
    static ArchRule coreStandsAlone(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "software.amazon..",
                        "com.amazonaws..",
                        root + ".aws..",
                        root + ".handlers..",
                        root + ".postgres..",
                        root + ".testing..",
                        root + ".runtime..",
                        root + ".cli..",
                        root + ".states..")
                .because("the domain has no AWS types and knows no adapter");
    }

    /** The AWS adapters sit on the core only. */
    static ArchRule awsAdaptersSitOnTheCore(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".aws..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        root + ".handlers..",
                        root + ".postgres..",
                        root + ".testing..",
                        root + ".runtime..",
                        root + ".cli..",
                        root + ".states..");
    }

    /** What runs on Lambda knows nothing of the local world. */
    static ArchRule handlersRunOnLambdaOnly(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".handlers..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        root + ".postgres..",
                        root + ".testing..",
                        root + ".runtime..",
                        root + ".cli..",
                        root + ".states..")
                .because("the shaded Lambda jar holds only what runs on Lambda");
    }

    /** The ASL engine is a library of its own. */
    static ArchRule statesIsALibrary(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".states..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        root + ".core..",
                        root + ".aws..",
                        root + ".handlers..",
                        root + ".postgres..",
                        root + ".testing..",
                        root + ".runtime..",
                        root + ".cli..");
    }

    /** The local runtime uses the same handlers and core, never the command line, the AWS adapters or test fakes. */
    static ArchRule runtimeIsProductionCode(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + ".runtime..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(root + ".cli..", root + ".testing..", root + ".aws..", "software.amazon..");
    }
}
