package dev.cutover.core.port.model;

/** The statuses a hook reports to CodeDeploy. */
public enum HookStatus {
    SUCCEEDED("Succeeded"),
    FAILED("Failed");

    private final String wireValue;

    HookStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value PutLifecycleEventHookExecutionStatus expects. */
    public String wireValue() {
        return wireValue;
    }
}
