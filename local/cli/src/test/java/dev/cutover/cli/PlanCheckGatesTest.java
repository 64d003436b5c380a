package dev.cutover.cli;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import dev.cutover.aws.AwsClients;
import dev.cutover.aws.testing.MotoAlarms;
import dev.cutover.aws.testing.MotoServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cutover plan --check-gates} against moto: an ALB whose production listener forwards 100/0 to two target
 * groups, CloudWatch datapoints for the live one (1200 requests, 6 of them 5xx: 0.50%) and an alarm in OK or ALARM.
 *
 * <p>moto 5.2.1 computes no extended statistics ({@code p99}) in GetMetricData, so a latency gate has no value
 * here: it reads NO DATA, which these tests hold as the documented gap rather than a pass.
 */
class PlanCheckGatesTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    @TempDir
    Path dir;

    private AwsClients clients;
    private String listener;
    private String testListener;
    private String loadBalancer;
    private String blue;
    private String green;

    @BeforeEach
    void givenAnAlbAt100To0WithBluesTrafficInCloudWatch() {
        clients = MOTO.clients();
        ElasticLoadBalancingV2Client elb = clients.elbv2();
        String vpc;
        String subnetA;
        String subnetB;
        try (Ec2Client ec2 = Ec2Client.builder()
                .endpointOverride(MOTO.endpoint())
                .region(MotoServerExtension.REGION)
                .credentialsProvider(MotoServerExtension.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            subnetA = ec2.createSubnet(
                            r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
                    .subnet()
                    .subnetId();
            subnetB = ec2.createSubnet(
                            r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
                    .subnet()
                    .subnetId();
        }
        loadBalancer = elb.createLoadBalancer(r -> r.name("orders").subnets(subnetA, subnetB))
                .loadBalancers()
                .get(0)
                .loadBalancerArn();
        blue = targetGroup(elb, vpc, "orders-blue");
        green = targetGroup(elb, vpc, "orders-green");
        listener = listener(elb, 80, 100, 0);
        testListener = listener(elb, 8080, 0, 100);

        // three minutes of blue's traffic, inside the check's window whatever the second now is: that window ends
        // at the last whole minute at least 120 s ago and spans the first stage's 300 s bake
        Instant now = Instant.now();
        for (int ago : List.of(200, 260, 320)) {
            put("RequestCount", blue, 400, now.minusSeconds(ago));
            put("HTTPCode_Target_5XX_Count", blue, 2, now.minusSeconds(ago));
        }
        put("RequestCount", green, 999, now.minusSeconds(200));
        MotoAlarms.put(clients.cloudWatch(), "orders-green-5xx", StateValue.OK);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void gatesBluePassesTodayPassAndTheLatencyGateMotoCannotFeedHasNoData() throws Exception {
        CliRun outcome = plan(spec(0.01, "orders-green-5xx"));

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out())
                .contains("gates on current data (each gate judged on blue's numbers now, as if green behaved")
                .contains("live (blue) group  " + blue)
                .contains("blue served        1200 requests, 6 5xx")
                .containsPattern("5xx-rate +1\\.00% +0\\.50% +PASS")
                .containsPattern("latency p99 +800\\.0 ms +- +NO DATA: no p99 value in the metrics")
                .containsPattern("alarm orders-green-5xx +not ALARM +OK +PASS")
                .contains("no gate fails on today's data, but some could not be judged");

        CliRun json = plan(spec(0.01, "orders-green-5xx"), "--output", "json");
        JsonNode check = json.json().path("gateCheck");
        assertThat(json.exitCode()).isZero();
        assertThat(check.path("liveTargetGroup").asText()).isEqualTo(blue);
        assertThat(check.path("gates").path(0).path("current").asDouble()).isEqualTo(0.005);
        assertThat(check.path("gates").path(0).path("result").asText()).isEqualTo("PASS");
        assertThat(check.path("gates").path(1).path("result").asText()).isEqualTo("NO_DATA");
        assertThat(check.path("alarms").path(0).path("state").asText()).isEqualTo("OK");
        assertThat(check.path("wouldFail").asBoolean()).isFalse();
        assertThat(json.json().path("stateTransitions").path("success").asInt())
                .as("the offline plan is still there")
                .isPositive();
    }

    @Test
    void aGateBlueFailsTodayMeansEveryDeploymentWouldRollBack() throws Exception {
        MotoAlarms.put(clients.cloudWatch(), "orders-green-5xx", StateValue.ALARM);

        CliRun outcome = plan(spec(0.001, "orders-green-5xx"));

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(1);
        assertThat(outcome.out())
                .containsPattern("5xx-rate +0\\.10% +0\\.50% +FAIL: above the threshold on blue's own numbers")
                .containsPattern("alarm orders-green-5xx +not ALARM +ALARM +FAIL: in ALARM now")
                .contains("FAIL: a gate or alarm fails on blue's own numbers today, so every deployment would roll"
                        + " back whatever green does");
        JsonNode json =
                plan(spec(0.001, "orders-green-5xx"), "--output", "json").json();
        assertThat(json.at("/gateCheck/wouldFail").asBoolean()).isTrue();
        assertThat(json.at("/gateCheck/gates/0/result").asText()).isEqualTo("FAIL");
    }

    @Test
    void unreachableMetricsAreOneLineNamingTheEndpoint() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;

        CliRun outcome = CliRun.cutover(
                "plan",
                "--spec",
                spec(0.01, "orders-green-5xx").toString(),
                "--check-gates",
                "--region",
                "us-east-1",
                "--endpoint-url",
                endpoint);

        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.err().strip().lines())
                .singleElement()
                .asString()
                .startsWith("cutover plan --check-gates: cannot read the route, alarms or metrics at " + endpoint);
        assertThat(outcome.err()).contains("Connection refused").doesNotContain("\tat ");
    }

    @Test
    void withoutTheFlagPlanCallsNothing() throws Exception {
        CliRun outcome = CliRun.cutover(
                "plan", "--spec", spec(0.001, "orders-green-5xx").toString(), "--endpoint-url", "http://127.0.0.1:1");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).doesNotContain("gates on current data");
    }

    private CliRun plan(Path spec, String... more) {
        List<String> line = new java.util.ArrayList<>(List.of(
                "plan",
                "--spec",
                spec.toString(),
                "--check-gates",
                "--region",
                "us-east-1",
                "--endpoint-url",
                MOTO.endpoint().toString()));
        line.addAll(List.of(more));
        return CliRun.cutover(line.toArray(String[]::new));
    }

    private Path spec(double errorRateThreshold, String alarm) throws Exception {
        Path file = dir.resolve("orders-" + errorRateThreshold + ".cutover.yaml");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "version: 1",
                        "service: orders",
                        "routing:",
                        "  productionListenerArn: " + listener,
                        "  testListenerArn: " + testListener,
                        "  targetGroupArns: [" + green + ", " + blue + "]",
                        "  productionUrl: https://orders.example.com",
                        "  testUrl: https://orders.example.com:8080",
                        "shifting:",
                        "  stages:",
                        "    - { percent: 10, bakeSeconds: 300 }",
                        "    - { percent: 100, bakeSeconds: 60 }",
                        "health:",
                        "  alarms: [" + alarm + "]",
                        "  metricGates:",
                        "    - { metric: 5xx-rate, threshold: " + errorRateThreshold + ", minRequests: 200 }",
                        "    - { metric: latency, percentile: 99, threshold: 800, minRequests: 200 }",
                        ""));
        return file;
    }

    private static String targetGroup(ElasticLoadBalancingV2Client elb, String vpc, String name) {
        return elb.createTargetGroup(r -> r.name(name)
                        .protocol(ProtocolEnum.HTTP)
                        .port(8080)
                        .vpcId(vpc)
                        .targetType("ip"))
                .targetGroups()
                .get(0)
                .targetGroupArn();
    }

    private String listener(ElasticLoadBalancingV2Client elb, int port, int blueWeight, int greenWeight) {
        Action forward = Action.builder()
                .type(ActionTypeEnum.FORWARD)
                .forwardConfig(f -> f.targetGroups(
                        TargetGroupTuple.builder()
                                .targetGroupArn(blue)
                                .weight(blueWeight)
                                .build(),
                        TargetGroupTuple.builder()
                                .targetGroupArn(green)
                                .weight(greenWeight)
                                .build()))
                .build();
        return elb.createListener(r -> r.loadBalancerArn(loadBalancer)
                        .protocol(ProtocolEnum.HTTP)
                        .port(port)
                        .defaultActions(forward))
                .listeners()
                .get(0)
                .listenerArn();
    }

    private void put(String metric, String targetGroup, double value, Instant at) {
        CloudWatchClient cloudWatch = clients.cloudWatch();
        cloudWatch.putMetricData(r -> r.namespace("AWS/ApplicationELB")
                .metricData(d -> d.metricName(metric)
                        .dimensions(
                                Dimension.builder()
                                        .name("LoadBalancer")
                                        .value(loadBalancer.substring(
                                                loadBalancer.indexOf(":loadbalancer/") + ":loadbalancer/".length()))
                                        .build(),
                                Dimension.builder()
                                        .name("TargetGroup")
                                        .value(targetGroup.substring(targetGroup.indexOf(":targetgroup/") + 1))
                                        .build())
                        .timestamp(at)
                        .value(value)));
    }
}
