package dev.cutover.aws;

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
 */
public final class CodeDeployHookStatusReporter implements HookStatusReporter {

    private static final Logger LOG = LoggerFactory.getLogger(CodeDeployHookStatusReporter.class);

    private final CodeDeployClient codeDeploy;

    public CodeDeployHookStatusReporter(CodeDeployClient codeDeploy) {
        this.codeDeploy = Objects.requireNonNull(codeDeploy, "codeDeploy");
    }

    @Override
    public Outcome report(HookExecution execution, HookStatus status) {
        String deploymentId = execution.deploymentId();
        String hookExecutionId = execution.lifecycleEventHookExecutionId();
        try {
            codeDeploy.putLifecycleEventHookExecutionStatus(r -> r.deploymentId(deploymentId)
                    .lifecycleEventHookExecutionId(hookExecutionId)
                    .status(status.wireValue()));
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
                            + deploymentId + ", hook execution " + hookExecutionId,
                    e);
        }
    }
}
