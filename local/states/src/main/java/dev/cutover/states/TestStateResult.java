package dev.cutover.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one run of {@link TestState} gave, as Step Functions' TestState API reports it.
 *
 * @param status SUCCEEDED; FAILED (nothing handled the error); RETRIABLE (a Retry entry with attempts left
 *     matched the error); CAUGHT_ERROR (a Catch entry matched it)
 * @param output the state's output (SUCCEEDED), or the catcher's (CAUGHT_ERROR); null otherwise
 * @param error the error, when the state did not succeed
 * @param cause its cause; may be null
 * @param nextState where the execution would go next: the state's Next, the Choice rule's, the catcher's; null
 *     for an end state, a failure, or a retry
 * @param inspectionData the data processing steps at DEBUG and TRACE (each a JSON text, as AWS gives them, and
 *     {@code errorDetails}); null at INFO
 */
public record TestStateResult(
        Status status, JsonNode output, String error, String cause, String nextState, ObjectNode inspectionData) {

    /** AWS's TestExecutionStatus. */
    public enum Status {
        SUCCEEDED,
        FAILED,
        RETRIABLE,
        CAUGHT_ERROR
    }

    /**
     * The TestState API's response: {@code status}, then {@code nextState}, {@code output} (JSON text, as AWS
     * returns it), {@code error}, {@code cause} and {@code inspectionData} where present.
     */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("status", status.name());
        if (nextState != null) {
            json.put("nextState", nextState);
        }
        if (output != null) {
            json.put("output", Json.write(output));
        }
        if (error != null) {
            json.put("error", error);
        }
        if (cause != null) {
            json.put("cause", cause);
        }
        if (inspectionData != null) {
            json.set("inspectionData", inspectionData);
        }
        return json;
    }
}
