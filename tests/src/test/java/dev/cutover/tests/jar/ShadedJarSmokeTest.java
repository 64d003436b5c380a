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

    /**
     * The shade filter keeps only the Commons Math classes the statistical judge reaches: every test it runs (the
     * exact test, the z-test beyond int counts, the rank test) and its one-line explanations work from the jar alone.
     */
    @Test
    void theStatisticalJudgeRunsOnTheCommonsMathClassesTheJarKeeps() throws Exception {
        try (ShadedJar shaded = new ShadedJar(jar)) {
            String judge = "dev.cutover.core.health.StatisticalJudge";
            Object settings = shaded.type("dev.cutover.core.spec.HealthGates$Statistical")
                    .getConstructor(double.class, int.class)
                    .newInstance(0.95, 50);
            Object sparse = errorCounts(shaded, 1000, 8, 1000, 0);
            Object huge = errorCounts(shaded, 3_000_000_000L, 4_000, 3_000_000_000L, 3_000);
            double[] blue = new double[100];
            double[] green = new double[100];
            for (int i = 0; i < 100; i++) {
                blue[i] = 200 + i;
                green[i] = 230 + i;
            }
            Object samples = shaded.type(judge + "$LatencySamples")
                    .getConstructor(double[].class, double[].class)
                    .newInstance(green, blue);

            assertThat(shaded.callStatic(judge, "errors", sparse, settings).toString())
                    .contains("status=UNHEALTHY", "5xx-rate worse: blue 0.00% (0/1000) vs green 0.80% (8/1000)");
            assertThat(shaded.callStatic(judge, "errors", huge, settings).toString())
                    .contains("status=UNHEALTHY");
            assertThat(shaded.callStatic(judge, "latency", samples, settings).toString())
                    .contains("status=UNHEALTHY", "green slower in 75.5% of pairs");
        }
    }

    private static Object errorCounts(
            ShadedJar shaded, long greenRequests, long greenErrors, long blueRequests, long blueErrors)
            throws Exception {
        return shaded.type("dev.cutover.core.health.StatisticalJudge$ErrorCounts")
                .getConstructor(long.class, long.class, long.class, long.class)
                .newInstance(greenRequests, greenErrors, blueRequests, blueErrors);
    }
}
