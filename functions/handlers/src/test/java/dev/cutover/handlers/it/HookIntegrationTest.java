package dev.cutover.handlers.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.CloudWatchAlarmStateReader;
import dev.cutover.aws.CodeDeployHookStatusReporter;
import dev.cutover.aws.ElbTargetHealthReader;
import dev.cutover.aws.SecretsManagerSecretReader;
import dev.cutover.aws.SsmSpecRepository;
import dev.cutover.aws.testing.MotoServerExtension;
import dev.cutover.aws.testing.RecordingHttpStub;
import dev.cutover.aws.testing.RecordingHttpStub.Response;
import dev.cutover.core.check.Sleeper;
import dev.cutover.core.check.db.DataSyncChecker;
import dev.cutover.core.check.db.MigrationRunner;
import dev.cutover.core.check.smoke.SmokeTestRunner;
import dev.cutover.handlers.AfterAllowTestTrafficHandler;
import dev.cutover.handlers.AfterAllowTrafficHandler;
import dev.cutover.handlers.BeforeInstallHandler;
import dev.cutover.handlers.HookDependencies;
import dev.cutover.handlers.wiring.MockPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook handlers as Lambda runs them, with every real adapter: the spec from SSM and the database secret from
 * Secrets Manager (moto), migrations on a real PostgreSQL, smoke tests over real HTTP, alarms from CloudWatch
 * (moto), and the status report checked at the wire on a CodeDeploy stub (moto lacks that API).
 */
class HookIntegrationTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PARAMETER = "/cutover/orders/spec";
    static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";

    static EmbeddedPostgres postgres;
    static HttpServer app;
    static final AtomicInteger healthStatus = new AtomicInteger(200);

    @TempDir
    Path migrations;

    AwsClients moto;
    AwsClients codeDeployStub;
    RecordingHttpStub codeDeploy;
    HookDependencies deps;

    @BeforeAll
    static void startDatabaseAndApp() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(healthStatus.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
    }

    @AfterAll
    static void stop() throws IOException {
        app.stop(0);
        postgres.close();
    }

    @BeforeEach
    void wire() throws Exception {
        healthStatus.set(200);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        moto = MOTO.clients();
        codeDeploy = RecordingHttpStub.start();
        codeDeployStub = AwsClients.builder()
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                .endpointOverride(codeDeploy.endpoint())
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build();

        moto.secretsManager()
                .createSecret(r -> r.name("orders/db")
                        .secretString("{\"host\":\"127.0.0.1\",\"port\":" + postgres.getPort()
                                + ",\"dbname\":\"postgres\",\"username\":\"postgres\",\"password\":\"unused\"}"));
        moto.ssm().putParameter(r -> r.name(PARAMETER).type("String").value(spec()));

        Clock clock = Clock.systemUTC();
        deps = HookDependencies.of(
                        MockPorts.builder()
                                .specs(new SsmSpecRepository(
                                        moto.ssm(), Optional.of(PARAMETER), clock, SsmSpecRepository.DEFAULT_TTL))
                                .statusReporter(new CodeDeployHookStatusReporter(codeDeployStub.codeDeploy()))
                                .targetHealth(new ElbTargetHealthReader(moto.elbv2()))
                                .alarms(new CloudWatchAlarmStateReader(moto.cloudWatch()))
                                .secrets(new SecretsManagerSecretReader(moto.secretsManager()))
                                .clock(clock)
                                .sleeper(d -> {})
                                .build(),
                        PARAMETER)
                .withChecks(
                        new SmokeTestRunner(clock, Sleeper.SYSTEM),
                        new MigrationRunner(clock),
                        new DataSyncChecker(clock));
    }

    @AfterEach
    void close() {
        codeDeploy.close();
        codeDeployStub.close();
        moto.close();
    }

    String spec() {
        String url = "http://127.0.0.1:" + app.getAddress().getPort();
        return """
                version: 1
                service: orders
                routing:
                  productionListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/fedcba9876543210
                  testListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/0123456789abcdef/0a1b2c3d4e5f6a7b
                  targetGroupArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-blue/0123456789abcdef, arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-green/fedcba9876543210]
                  productionUrl: %s
                  testUrl: %s
                shifting:
                  stages:
                    - { percent: 10, bakeSeconds: 60 }
                    - { percent: 100, bakeSeconds: 0 }
                health:
                  alarms: [orders-green-5xx]
                smokeTests:
                  allowLoopbackTargets: true
                  tests:
                    - name: health
                      path: /health
                      jsonPath: [{ path: "$.status", equals: "UP" }]
                      retries: 1
                      retryBackoffMs: 10
                migrations:
                  location: filesystem:%s
                  databaseSecret: orders/db
                databaseTls:
                  mode: disable   # the test's embedded PostgreSQL has no TLS
                """.formatted(url, url, migrations);
    }

    static Map<String, Object> event(String file) {
        Path events = Path.of(System.getProperty("cutover.repo.root", "../.."), "events");
        @SuppressWarnings("unchecked")
        Map<String, Object> event = EventLoader.loadEvent(events.resolve(file).toString(), Map.class);
        return event;
    }

    /** The statuses the stub received, in order, after checking each request is the SDK's real wire form. */
    List<String> reportedStatuses(Map<String, Object> event) throws IOException {
        List<String> statuses = new ArrayList<>();
        for (RecordingHttpStub.Request request : codeDeploy.requests()) {
            assertThat(request.header("X-Amz-Target")).isEqualTo(TARGET);
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("deploymentId").asText()).isEqualTo(event.get("DeploymentId"));
            assertThat(body.path("lifecycleEventHookExecutionId").asText())
                    .isEqualTo(event.get("LifecycleEventHookExecutionId"));
            statuses.add(body.path("status").asText());
        }
        return statuses;
    }

    List<String> appliedVersions() throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    boolean tableExists(String table) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void beforeInstallMigratesOnceAndADuplicateDeliveryIsRecognised() throws Exception {
        Files.writeString(migrations.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);");
        Files.writeString(migrations.resolve("V2__orders_note.sql"), "ALTER TABLE orders ADD COLUMN note text;");
        codeDeploy.respond(
                Response.json(200, "{}"),
                Response.awsError(400, "LifecycleEventAlreadyCompletedException", "already completed"));
        Map<String, Object> event = event("codedeploy-before-install.json");
        BeforeInstallHandler handler = new BeforeInstallHandler(deps);

        Map<String, Object> first = handler.handleRequest(event, new Ctx(Duration.ofMinutes(2)));
        Map<String, Object> second = handler.handleRequest(event, new Ctx(Duration.ofMinutes(2)));

        assertThat(first).containsEntry("status", "Succeeded").containsEntry("delivery", "REPORTED");
        assertThat(second).containsEntry("status", "Succeeded").containsEntry("delivery", "ALREADY_COMPLETED");
        assertThat(reportedStatuses(event)).containsExactly("Succeeded", "Succeeded");
        assertThat(appliedVersions()).containsExactly("1", "2");
    }

    @Test
    void aDestructiveMigrationFailsTheHookBeforeAnythingRuns() throws Exception {
        Files.writeString(migrations.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);");
        Files.writeString(migrations.resolve("V2__drop_note.sql"), "\n\nALTER TABLE orders DROP COLUMN note;");
        codeDeploy.respond(Response.json(200, "{}"));
        Map<String, Object> event = event("codedeploy-before-install.json");

        Map<String, Object> result =
                new BeforeInstallHandler(deps).handleRequest(event, new Ctx(Duration.ofMinutes(2)));

        assertThat(result).containsEntry("status", "Failed");
        assertThat((String) result.get("reason"))
                .contains("V2__drop_note.sql:3")
                .contains("DROP COLUMN");
        assertThat(reportedStatuses(event)).containsExactly("Failed");
        assertThat(tableExists("orders")).isFalse();
    }

    @Test
    void smokeTestsOnTheTestListenerDecideTheHook() throws Exception {
        codeDeploy.respond(Response.json(200, "{}"), Response.json(200, "{}"));
        Map<String, Object> event = event("codedeploy-after-allow-test-traffic.json");
        AfterAllowTestTrafficHandler handler = new AfterAllowTestTrafficHandler(deps);

        Map<String, Object> passing = handler.handleRequest(event, new Ctx(Duration.ofMinutes(2)));
        healthStatus.set(503);
        Map<String, Object> failing = handler.handleRequest(event, new Ctx(Duration.ofMinutes(2)));

        assertThat(passing).containsEntry("status", "Succeeded");
        assertThat(failing).containsEntry("status", "Failed");
        assertThat((String) failing.get("reason")).contains("smoke:health").contains("503");
        assertThat(reportedStatuses(event)).containsExactly("Succeeded", "Failed");
    }

    @Test
    void anAlarmInAlarmFailsThePostTrafficHook() throws Exception {
        moto.cloudWatch()
                .putMetricAlarm(r -> r.alarmName("orders-green-5xx")
                        .namespace("AWS/ApplicationELB")
                        .metricName("HTTPCode_Target_5XX_Count")
                        .statistic(Statistic.SUM)
                        .period(60)
                        .evaluationPeriods(1)
                        .threshold(5.0)
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        moto.cloudWatch()
                .setAlarmState(r -> r.alarmName("orders-green-5xx")
                        .stateValue(StateValue.ALARM)
                        .stateReason("test: 5xx above threshold"));
        codeDeploy.respond(Response.json(200, "{}"));
        Map<String, Object> event = event("codedeploy-after-allow-traffic.json");

        Map<String, Object> result =
                new AfterAllowTrafficHandler(deps).handleRequest(event, new Ctx(Duration.ofMinutes(2)));

        assertThat(result).containsEntry("status", "Failed");
        assertThat((String) result.get("reason")).contains("orders-green-5xx");
        assertThat(reportedStatuses(event)).containsExactly("Failed");
    }

    /** A Lambda context with a fixed time budget. */
    record Ctx(Duration remaining) implements Context {
        @Override
        public String getAwsRequestId() {
            return "it-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/it";
        }

        @Override
        public String getLogStreamName() {
            return "it";
        }

        @Override
        public String getFunctionName() {
            return "CodeDeployHook_it";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:it";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) remaining.toMillis();
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
