package dev.cutover.runtime.adapters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.cutover.core.hook.LifecycleHook;
import dev.cutover.handlers.AbortHandler;
import dev.cutover.handlers.AfterAllowTestTrafficHandler;
import dev.cutover.handlers.AfterAllowTrafficHandler;
import dev.cutover.handlers.AfterInstallHandler;
import dev.cutover.handlers.AlarmTriggerHandler;
import dev.cutover.handlers.BeforeAllowTrafficHandler;
import dev.cutover.handlers.BeforeInstallHandler;
import dev.cutover.handlers.EcsLifecycleHookHandler;
import dev.cutover.handlers.HookDependencies;
import dev.cutover.handlers.QueryHandler;
import dev.cutover.handlers.workflow.CloseRollbackWindowHandler;
import dev.cutover.handlers.workflow.FinalizeHandler;
import dev.cutover.handlers.workflow.JudgeHealthHandler;
import dev.cutover.handlers.workflow.PostTrafficChecksHandler;
import dev.cutover.handlers.workflow.PreTrafficChecksHandler;
import dev.cutover.handlers.workflow.RequestApprovalHandler;
import dev.cutover.handlers.workflow.RollbackHandler;
import dev.cutover.handlers.workflow.ShiftTrafficHandler;
import dev.cutover.handlers.workflow.ValidateAndLockHandler;
import dev.cutover.handlers.workflow.WorkflowDependencies;

/**
 * Every Cutover Lambda function, built over local dependencies: the same handler classes the shaded Lambda jar
 * runs, by their logical names (the function names of {@code template.yaml} without the stack prefix).
 */
public final class LocalFunctions {

    /** The logical names, in the order a deployment meets them. */
    public static final List<String> NAMES = List.of(
            "BeforeInstall",
            "AfterInstall",
            "AfterAllowTestTraffic",
            "BeforeAllowTraffic",
            "AfterAllowTraffic",
            "ValidateAndLock",
            "PreTrafficChecks",
            "ShiftTraffic",
            "JudgeHealth",
            "PostTrafficChecks",
            "Finalize",
            "Rollback",
            "AlarmTrigger",
            "EcsLifecycleHook",
            "Query",
            "Abort",
            "RequestApproval",
            "CloseRollbackWindow");

    private final Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> functions =
            new LinkedHashMap<>();

    public LocalFunctions(HookDependencies hooks, WorkflowDependencies workflow) {
        Objects.requireNonNull(hooks, "hooks");
        Objects.requireNonNull(workflow, "workflow");
        functions.put("BeforeInstall", new BeforeInstallHandler(hooks));
        functions.put("AfterInstall", new AfterInstallHandler(hooks));
        functions.put("AfterAllowTestTraffic", new AfterAllowTestTrafficHandler(hooks));
        functions.put("BeforeAllowTraffic", new BeforeAllowTrafficHandler(hooks));
        functions.put("AfterAllowTraffic", new AfterAllowTrafficHandler(hooks));
        functions.put("ValidateAndLock", new ValidateAndLockHandler(workflow));
        functions.put("PreTrafficChecks", new PreTrafficChecksHandler(workflow));
        functions.put("ShiftTraffic", new ShiftTrafficHandler(workflow));
        functions.put("JudgeHealth", new JudgeHealthHandler(workflow));
        functions.put("PostTrafficChecks", new PostTrafficChecksHandler(workflow));
        functions.put("Finalize", new FinalizeHandler(workflow));
        functions.put("Rollback", new RollbackHandler(workflow));
        functions.put("AlarmTrigger", new AlarmTriggerHandler(workflow));
        functions.put("EcsLifecycleHook", new EcsLifecycleHookHandler(hooks));
        functions.put("Query", new QueryHandler(workflow));
        functions.put("Abort", new AbortHandler(workflow));
        functions.put("RequestApproval", new RequestApprovalHandler(workflow));
        functions.put("CloseRollbackWindow", new CloseRollbackWindowHandler(workflow));
    }

    /**
     * The function of that logical name.
     *
     * @throws IllegalArgumentException naming the known functions
     */
    public RequestHandler<Map<String, Object>, Map<String, Object>> get(String name) {
        RequestHandler<Map<String, Object>, Map<String, Object>> function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException(
                    "no function named '" + name + "'; the functions are " + String.join(", ", NAMES));
        }
        return function;
    }

    /**
     * Delivers a CloudWatch alarm state-change event to AlarmTrigger, as the EventBridge rule does, and says in one
     * line what the handler did (or that it failed), for a console.
     */
    public String deliverAlarm(Map<String, Object> event) {
        try {
            Map<String, Object> result = get("AlarmTrigger").handleRequest(event, null);
            return "alarm handler: " + result.get("action") + " (" + result.get("detail") + ")";
        } catch (RuntimeException e) {
            return "alarm handler failed: " + e.getMessage();
        }
    }

    /**
     * Primes the alarm handler: runs it on {@code events} (alarms of the service going to ALARM). The caller calls it
     * only while the ledger has no deployment of the service at all, so the handler finds nothing in flight and no
     * rollback window, and changes nothing. The first real alarm then does not pay for loading and linking its path,
     * which cost 0.3-0.7 s on a busy machine against tens of ms once warm: the local counterpart of priming a Lambda
     * function before SnapStart takes its snapshot. A failure is ignored: priming only saves time.
     */
    public void primeAlarmHandler(List<Map<String, Object>> events) {
        for (Map<String, Object> event : events) {
            try {
                get("AlarmTrigger").handleRequest(event, null);
            } catch (RuntimeException e) {
                // the first real alarm pays for the path instead
            }
        }
    }

    /** The appspec's hooks, for the lifecycle driver. */
    public Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks() {
        Map<LifecycleHook, RequestHandler<Map<String, Object>, Map<String, Object>>> hooks = new LinkedHashMap<>();
        for (LifecycleHook hook : LifecycleHook.values()) {
            hooks.put(hook, get(hook.codeDeployName()));
        }
        return hooks;
    }
}
