package dev.cutover.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.cutover.core.error.SpecException;
import dev.cutover.runtime.adapters.LocalFunctions;
import dev.cutover.runtime.demo.LocalInvoker;

/** {@code cutover invoke}: one Lambda handler run in-process with local adapters. */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run one Cutover function in-process with local adapters, like `sam local invoke` without Docker, and "
                    + "print {\"function\", \"result\" | \"error\", \"reported\"} as JSON: the handler's result, and "
                    + "what it told CodeDeploy (PutLifecycleEventHookExecutionStatus, StopDeployment).",
            "",
            "FUNCTION is one of:",
            "  hooks     BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic",
            "  workflow  ValidateAndLock, PreTrafficChecks, ShiftTraffic, JudgeHealth, PostTrafficChecks, "
                    + "Finalize, Rollback",
            "  other     AlarmTrigger, EcsLifecycleHook",
            "",
            "Local adapters: the spec from --spec (default: the demo's spec, whose listeners are on .invalid hosts:"
                    + " AfterAllowTestTraffic and AfterAllowTraffic need --spec, as invoke calls no service the user"
                    + " did not name), traffic on an in-memory router at "
                    + "100% blue, ledger and lock in memory, alarms without data; there are no target groups or "
                    + "secrets to read, so checks needing them fail saying so. Sample events: events/*.json.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the handler returned (whatever the status it reported)",
            "1:the handler threw (the error is in the JSON)",
            "2:invalid usage, event or spec (reason on standard error)"
        })
public final class InvokeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's logical name (see above).")
    String function;

    @Option(names = "--event", required = true, paramLabel = "FILE", description = "The event or payload (JSON).")
    Path event;

    @Option(names = "--spec", paramLabel = "FILE", description = "The Cutover spec (YAML or JSON).")
    Path specFile;

    @Override
    public Integer call() {
        if (!LocalFunctions.NAMES.contains(function)) {
            return usage("no function named '" + function + "'; the functions are "
                    + String.join(", ", LocalFunctions.NAMES));
        }
        Map<String, Object> payload;
        try {
            String what = "the event " + event;
            payload = JsonInput.STRICT.convertValue(
                    JsonInput.object(JsonInput.read(event, what), what), new TypeReference<Map<String, Object>>() {});
        } catch (JsonInput.Invalid e) {
            return usage(e.getMessage());
        }
        if (specFile != null && !Files.isRegularFile(specFile)) {
            return usage("spec file not found: " + specFile);
        }
        if (specFile == null && LocalInvoker.CALLS_THE_SERVICE.contains(function)) {
            return usage(function + " calls the service's listeners: name them with --spec FILE. Without one there"
                    + " is no service of yours to test, and invoke starts none (it would otherwise test whatever"
                    + " happens to listen on a local port).");
        }
        LocalInvoker.Invocation invocation;
        try {
            invocation = LocalInvoker.invoke(
                    function,
                    payload,
                    Optional.ofNullable(specFile),
                    new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        } catch (SpecException e) {
            return usage("the spec is invalid: " + e.getMessage());
        } catch (IOException e) {
            return usage("cannot read the spec " + specFile + ": " + e.getMessage());
        }
        try {
            spec.commandLine().getOut().println(JSON.writeValueAsString(invocation.toMap()));
        } catch (IOException e) {
            throw new IllegalStateException("result is not serialisable: " + e.getMessage(), e);
        }
        return invocation.error().isPresent() ? 1 : 0;
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("cutover invoke: " + message);
        return 2;
    }
}
