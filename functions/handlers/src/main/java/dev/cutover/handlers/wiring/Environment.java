package dev.cutover.handlers.wiring;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.cutover.aws.AwsClients;
import dev.cutover.core.workflow.RoutingScope;

/**
 * The functions' configuration: every environment variable the stack's {@code template.yaml} sets on them, named
 * here once and read in one place ({@link #read}). Blank values count as unset.
 *
 * <table>
 *   <caption>Configuration</caption>
 *   <tr><th>variable</th><th>used for</th><th>when missing</th></tr>
 *   <tr><td>{@value #LEDGER_TABLE}</td><td>the DynamoDB table holding the ledger and the per-service lock</td>
 *       <td>required by the workflow: the first call that needs the ledger or lock fails naming it</td></tr>
 *   <tr><td>{@value #SPEC_PARAMETER}</td><td>the service's spec: what the hooks load, the only parameter the
 *       workflow may read, and the spec the alarm trigger judges alarms by</td><td>hooks fail every load naming
 *       it; the workflow may read any parameter; the alarm trigger fails naming it</td></tr>
 *   <tr><td>{@value #STATE_MACHINE}</td><td>the workflow, which BeforeAllowTraffic starts and whose executions
 *       the alarm trigger stops</td><td>a staged BeforeAllowTraffic and the alarm trigger fail naming it</td></tr>
 *   <tr><td>{@value #TOPIC}</td><td>the SNS topic announcing outcomes</td><td>optional: nothing is published</td></tr>
 *   <tr><td>{@value #PRODUCTION_LISTENER}, {@value #PRODUCTION_RULE} (empty: no rule), {@value #TARGET_GROUP_A},
 *       {@value #TARGET_GROUP_B}</td><td>the routing this stack's IAM lets it change; ValidateAndLock refuses a
 *       spec naming other resources</td><td>optional: any routing is accepted</td></tr>
 *   <tr><td>{@code AWS_REGION}</td><td>the SDK clients ({@link AwsClients})</td><td>required (Lambda sets it)</td></tr>
 * </table>
 *
 * @param ledgerTable     {@value #LEDGER_TABLE}
 * @param specParameter   {@value #SPEC_PARAMETER}
 * @param stateMachineArn {@value #STATE_MACHINE}
 * @param topicArn        {@value #TOPIC}
 * @param scope           the routing the stack may change
 * @param service         {@value #SERVICE}
 * @param codeDeployApplication     {@value #CODEDEPLOY_APPLICATION}
 * @param codeDeployDeploymentGroup {@value #CODEDEPLOY_DEPLOYMENT_GROUP}
 */
public record Environment(
        Optional<String> ledgerTable,
        Optional<String> specParameter,
        Optional<String> stateMachineArn,
        Optional<String> topicArn,
        RoutingScope scope,
        Optional<String> service,
        Optional<String> codeDeployApplication,
        Optional<String> codeDeployDeploymentGroup) {

    public static final String LEDGER_TABLE = "CUTOVER_LEDGER_TABLE";
    public static final String SPEC_PARAMETER = "CUTOVER_SPEC_PARAMETER";
    public static final String STATE_MACHINE = "CUTOVER_STATE_MACHINE_ARN";
    public static final String TOPIC = "CUTOVER_TOPIC_ARN";
    public static final String PRODUCTION_LISTENER = "CUTOVER_PRODUCTION_LISTENER_ARN";
    public static final String PRODUCTION_RULE = "CUTOVER_PRODUCTION_RULE_ARN";
    /** One of the stack's two target groups; which is blue is resolved per deployment. */
    public static final String TARGET_GROUP_A = "CUTOVER_TARGET_GROUP_A_ARN";
    /** The other of the stack's two target groups. */
    public static final String TARGET_GROUP_B = "CUTOVER_TARGET_GROUP_B_ARN";

    public static final String SERVICE = "CUTOVER_SERVICE";
    public static final String CODEDEPLOY_APPLICATION = "CUTOVER_CODEDEPLOY_APPLICATION";
    public static final String CODEDEPLOY_DEPLOYMENT_GROUP = "CUTOVER_CODEDEPLOY_DEPLOYMENT_GROUP";

    public Environment {
        Objects.requireNonNull(ledgerTable, "ledgerTable");
        Objects.requireNonNull(specParameter, "specParameter");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        Objects.requireNonNull(topicArn, "topicArn");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(codeDeployApplication, "codeDeployApplication");
        Objects.requireNonNull(codeDeployDeploymentGroup, "codeDeployDeploymentGroup");
    }

    /** @param env a variable's value by name, null when unset */
    public static Environment read(Function<String, String> env) {
        return new Environment(
                value(env, LEDGER_TABLE),
                value(env, SPEC_PARAMETER),
                value(env, STATE_MACHINE),
                value(env, TOPIC),
                scope(env),
                value(env, SERVICE),
                value(env, CODEDEPLOY_APPLICATION),
                value(env, CODEDEPLOY_DEPLOYMENT_GROUP));
    }

    /** The routing the stack may change; an unset variable leaves that part unconstrained. */
    static RoutingScope scope(Function<String, String> env) {
        // an empty rule variable is meaningful (the listener's default action), so it is not filtered out
        Optional<String> rule = Optional.ofNullable(env.apply(PRODUCTION_RULE)).map(String::strip);
        Set<String> targetGroups = new LinkedHashSet<>();
        value(env, TARGET_GROUP_A).ifPresent(targetGroups::add);
        value(env, TARGET_GROUP_B).ifPresent(targetGroups::add);
        return new RoutingScope(
                value(env, PRODUCTION_LISTENER), rule, targetGroups.size() == 2 ? targetGroups : Set.of());
    }

    private static Optional<String> value(Function<String, String> env, String name) {
        return Optional.ofNullable(env.apply(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
