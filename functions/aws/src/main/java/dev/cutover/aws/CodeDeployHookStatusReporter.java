package dev.cutover.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.LifecycleEventAlreadyCompletedException;

import dev.cutover.core.port.HookStatusReporter;
import dev.cutover.core.port.model.HookExecution;
import dev.cutover.core.port.model.HookStatus;

/**
 * Tells CodeDeploy how a lifecycle hook ended, through {@code PutLifecycleEventHookExecutionStatus}. Throttling
 * and server errors are retried by the client's retry strategy (see {@link AwsClients}); a second report of the
 * same hook execution is not an error, because CodeDeploy may deliver one hook event more than once.
 *
 * <p>Time bound: the whole report, retries included, ends within {@link #timeLimit}: the invocation's remaining
 * time ({@link InvocationDeadline}, set by the handler from the Lambda context) less {@link #RETURN_MARGIN}, never
 * more than {@link #MAX_REPORT_TIME}, and at least {@link #MIN_REPORT_TIME}; each attempt gets at most
 * {@link #MAX_ATTEMPT_TIME}. The SDK enforces both per request ({@code apiCallTimeout}, {@code
 * apiCallAttemptTimeout}: "Configure timeouts in AWS SDK for Java 2.x", AWS SDK for Java 2.x Developer Guide,
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/timeouts.html: the call timeout includes every
 * retry and the waits between them). A report that
 * runs out of time fails like any other, so the handler can still log it and end (and Lambda's asynchronous
 * retry gets its chance) instead of being stopped mid-call.
 */
public final class CodeDeployHookStatusReporter implements HookStatusReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployHookStatusReporter.class);

    /** The longest a report may take in all, whatever time the invocation has left. */
    public static final Duration MAX_REPORT_TIME = Duration.ofSeconds(20);

    /** The longest one attempt may take (a healthy call answers in well under a second). */
    public static final Duration MAX_ATTEMPT_TIME = Duration.ofSeconds(5);

    /** Kept back from the invocation's remaining time so the handler can log and return before Lambda stops it. */
    public static final Duration RETURN_MARGIN = Duration.ofMillis(500);

    /** A report is always given this long, even when the invocation is already out of time. */
    public static final Duration MIN_REPORT_TIME = Duration.ofMillis(500);

    private final CodeDeployClient codeDeploy;
    private final Clock clock;

    public CodeDeployHookStatusReporter(CodeDeployClient codeDeploy) {
        this(codeDeploy, Clock.systemUTC());
    }

    public CodeDeployHookStatusReporter(CodeDeployClient codeDeploy, Clock clock) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The total time the next report on this thread may take (see the class comment). */
    public Duration timeLimit() {
        Duration limit = InvocationDeadline.remaining(clock)
                .map(left -> left.minus(RETURN_MARGIN))
                .filter(left -> left.compareTo(MAX_REPORT_TIME) < 0)
                .orElse(MAX_REPORT_TIME);
        return limit.compareTo(MIN_REPORT_TIME) < 0 ? MIN_REPORT_TIME : limit;
    }

    @Override
    public Outcome report(HookExecution execution, HookStatus status) {
        String deploymentId = execution.deploymentId();
        String hookExecutionId = execution.lifecycleEventHookExecutionId();
        Duration limit = timeLimit();
        Duration attempt = limit.compareTo(MAX_ATTEMPT_TIME) < 0 ? limit : MAX_ATTEMPT_TIME;
        try {
            codeDeploy.putLifecycleEventHookExecutionStatus(r -> r.deploymentId(deploymentId)
                    .lifecycleEventHookExecutionId(hookExecutionId)
                    .status(status.wireValue())
                    .overrideConfiguration(o -> o.apiCallTimeout(limit).apiCallAttemptTimeout(attempt)));
            LOG.info(
                    "reported {} to CodeDeploy for deployment {}, hook execution {}",
                    status.wireValue(),
                    deploymentId,
                    hookExecutionId);
            return Outcome.REPORTED;
        } catch (LifecycleEventAlreadyCompletedException e) {
            LOG.info(
                    "deployment {}, hook execution {} already reported; CodeDeploy delivers hook events at least once",
                    deploymentId,
                    hookExecutionId);
            return Outcome.ALREADY_COMPLETED;
        } catch (SdkException e) {
            throw AwsErrors.fault(
                    "CodeDeploy PutLifecycleEventHookExecutionStatus(" + status.wireValue() + ") failed for deployment "
                            + deploymentId + ", hook execution " + hookExecutionId + " (time bound " + limit.toMillis()
                            + " ms)",
                    e);
        }
    }
}
