package dev.cutover.tests.jar;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.cutover.tests.support.CfnYaml;
import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lambda jar runs without what its shade filters and exclusions drop (the SDK's async clients, publishers and
 * DynamoDB Streams client; Powertools' serialization with Joda-Time and the Lambda events library): each handler
 * the template names is loaded, initialised and constructed, the logging path Powertools takes on every
 * invocation runs, and every client the wiring uses is built and makes a call, all from the jar alone.
 */
class ShadedJarSmokeTest {

    static Path jar;

    @BeforeAll
    static void builtJar() {
        jar = RepoFiles.resolve(CfnYaml.parse(RepoFiles.read("template.yaml"))
                .at("/Globals/Function/CodeUri")
                .asText());
        assertThat(jar).as("the shaded jar (built by `mvn package`)").isRegularFile();
    }

    @Test
    void everyHandlerLoadsInitialisesAndConstructsFromTheJarAlone() throws Exception {
        try (ShadedJar shaded = new ShadedJar(jar)) {
            for (String handler : FunctionJarTest.handlersInTemplate()) {
                Class<?> type = shaded.type(handler.substring(0, handler.indexOf("::")));
                assertThat(type.getConstructor().newInstance()).as(handler).isNotNull();
            }
        }
    }

    @Test
    void theInvocationLoggingPowertoolsRunsNeedsNoSerializationLibrary() throws Exception {
        try (ShadedJar shaded = new ShadedJar(jar)) {
            shaded.callStatic("dev.cutover.handlers.InvocationLogging", "start", shaded.lambdaContext());
            Object log = shaded.callStatic("org.slf4j.LoggerFactory", "getLogger", "smoke");
            shaded.call(log, "org.slf4j.Logger", "info", "a line through the jar's Log4j JSON layout");
            shaded.callStatic("dev.cutover.handlers.InvocationLogging", "end");
        }
    }

    @Test
    void everyAwsClientTheWiringUsesIsBuiltAndSsmAnswersThroughTheJarsClasses() throws Exception {
        try (ShadedJar shaded = new ShadedJar(jar);
                ShadedJar.SsmStub stub = new ShadedJar.SsmStub()) {
            assertThat(shaded.buildEveryWiringClientAndCallSsm(stub))
                    .isEqualTo("software.amazon.awssdk.services.ssm.model.ParameterNotFoundException");
            assertThat(stub.targets).containsExactly("AmazonSSM.GetParameter");
        }
    }
}
