package dev.cutover.core.port;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/** State behind {@link WorkflowExecutions}'s static helpers, which an interface cannot hold privately. */
final class WorkflowNaming {

    static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + WorkflowExecutions.MAX_NAME_LENGTH + "}");
    static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowNaming() {}
}
