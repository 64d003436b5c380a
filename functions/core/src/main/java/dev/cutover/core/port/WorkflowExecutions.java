package dev.cutover.core.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.cutover.core.error.DependencyException;
import dev.cutover.core.error.ExecutionNameConflictException;

/**
 * Starts and stops executions of the deployment workflow: Step Functions on AWS, the local engine locally.
 * Executions are named after their deployment ({@link #executionNameFor}), which makes a second start of the same
 * deployment (CodeDeploy delivers hook events at least once) find the first execution instead of running twice.
 */
public interface WorkflowExecutions {

    /** Step Functions allows 80 characters; this subset of them is valid everywhere an execution name appears. */
    int MAX_NAME_LENGTH = 80;

    /**
     * Starts an execution, or finds the one already started under that name with the same input.
     *
     * @param executionName a {@link #isValidExecutionName valid} name, usually {@link #executionNameFor}
     * @param inputJson     the execution input, a JSON object
     * @return the execution's ARN (the existing execution's for a duplicate start)
     * @throws ExecutionNameConflictException when an execution of that name exists with a different input
     * @throws IllegalArgumentException       when the name is not valid
     * @throws DependencyException            when the workflow service cannot be reached or refuses
     */
    String start(String executionName, String inputJson);

    /**
     * Stops a running execution, recording {@code error} and {@code cause} as why (cut to Step Functions' limits of
     * 256 and 32 768 characters). Stopping an execution that has already ended changes nothing.
     *
     * @throws DependencyException when there is no such execution or the service cannot be reached
     */
    void stop(String executionArn, String error, String cause);

    /**
     * @return whether the execution is still running; false for an execution that ended or does not exist
     * @throws DependencyException when the workflow service cannot be reached
     */
    boolean isRunning(String executionArn);

    /**
     * The input an execution was started with: the alarm path reads it to learn which CodeDeploy hook the execution
     * answers for.
     *
     * @return the input JSON; empty when there is no such execution, or this implementation cannot tell
     * @throws DependencyException when the workflow service cannot be reached
     */
    default Optional<String> inputOf(String executionArn) {
        return Optional.empty();
    }

    /**
     * The execution name for a deployment: the id itself when it is already a valid name (CodeDeploy's
     * {@code d-XXXXXXXXX} ids are), so people find the execution by the id; otherwise the id with every other
     * character replaced by {@code _}, cut to fit, plus {@code -} and 12 hex digits of the id's SHA-256, so two
     * different ids never share a name.
     *
     * @throws IllegalArgumentException when the id is null or blank
     */
    static String executionNameFor(String deploymentId) {
        if (deploymentId == null || deploymentId.isBlank()) {
            throw new IllegalArgumentException("deploymentId must be a non-blank string to name an execution, was "
                    + (deploymentId == null ? "null" : "\"" + deploymentId + "\""));
        }
        if (isValidExecutionName(deploymentId)) {
            return deploymentId;
        }
        String suffix = "-" + sha256Hex(deploymentId).substring(0, 12);
        String cleaned = deploymentId.replaceAll("[^A-Za-z0-9_-]", "_");
        int room = MAX_NAME_LENGTH - suffix.length();
        return (cleaned.length() > room ? cleaned.substring(0, room) : cleaned) + suffix;
    }

    /** 1-80 characters of {@code A-Z a-z 0-9 - _}. */
    static boolean isValidExecutionName(String name) {
        return name != null && WorkflowNaming.VALID.matcher(name).matches();
    }

    /**
     * The ARN Step Functions gives an execution named {@code executionName} of the standard state machine
     * {@code stateMachineArn}: {@code arn:<partition>:states:<region>:<account>:stateMachine:<machine>} becomes
     * {@code arn:<partition>:states:<region>:<account>:execution:<machine>:<executionName>}. A version or alias
     * qualifier on the machine's ARN is dropped, as Step Functions does.
     *
     * @throws IllegalArgumentException when {@code stateMachineArn} is not a state machine ARN
     */
    static String executionArnFor(String stateMachineArn, String executionName) {
        String[] parts = stateMachineArn == null ? new String[0] : stateMachineArn.split(":", -1);
        if (parts.length < 7
                || parts.length > 8
                || !"arn".equals(parts[0])
                || !"states".equals(parts[2])
                || !"stateMachine".equals(parts[5])
                || parts[6].isEmpty()) {
            throw new IllegalArgumentException("expected a state machine ARN like "
                    + "arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment, got " + stateMachineArn);
        }
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], "execution", parts[6], executionName);
    }

    /**
     * Whether two execution inputs are the same JSON value (key order and whitespace aside); texts that are not
     * JSON are compared as they are.
     */
    static boolean sameInput(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return WorkflowNaming.JSON.readTree(a).equals(WorkflowNaming.JSON.readTree(b));
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
