package dev.cutover.cli;

import picocli.CommandLine.Option;

/**
 * Where the operator commands find Cutover: AWS's options as the AWS CLI takes them ({@link AwsConnection}), and the
 * stack's state machine and functions. A picocli mixin shared by deploy, status, history, abort, approve and deny.
 */
final class AwsOptions extends AwsConnection {

    /** The state machine's name under {@code cutover serve}. */
    static final String LOCAL_STATE_MACHINE = "cutover-deployment";

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            defaultValue = "cutover",
            description = "The CloudFormation stack of the service (default cutover): its functions are found by "
                    + "CloudFormation's generated names, <stack>-<Logical>Function-<suffix>.")
    String stack = "cutover";

    @Option(
            names = "--function-prefix",
            paramLabel = "PREFIX",
            description = "Name the functions PREFIX + their logical name (Query, Abort) instead of looking up the "
                    + "stack's; with --endpoint-url the default is no prefix, the names `cutover serve` gives them.")
    String functionPrefix;

    @Option(
            names = "--state-machine-arn",
            paramLabel = "ARN",
            description = "The deployment workflow (the stack's output DeploymentStateMachineArn); default: the one "
                    + "state machine named " + LOCAL_STATE_MACHINE + " or DeploymentStateMachine-*.")
    String stateMachineArn;

    /** The clients, made once per command run; the caller closes them. */
    OperatorApi connect() {
        return new OperatorApi(this);
    }

    /** A usage problem found after picocli parsed the line: reported like picocli's, exit 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
