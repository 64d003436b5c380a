package dev.cutover.states;

/**
 * What a Task state's Resource ARN says about the call: a Lambda function ARN (history shows LambdaFunction*
 * events), or a service integration {@code arn:aws:states:::service:action[.pattern]} (Task* events with
 * resourceType and resource as Step Functions reports them), and its integration pattern.
 */
record TaskResource(String arn, boolean lambdaFunction, String resourceType, String resource, boolean waitForToken) {

    private static final String[] PATTERNS = {".waitForTaskToken", ".sync:2", ".sync"};

    static TaskResource parse(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length == 6
                && parts[0].equals("arn")
                && parts[2].equals("states")
                && parts[3].isEmpty()
                && parts[4].isEmpty()) {
            String rest = parts[5];
            String pattern = "";
            for (String p : PATTERNS) {
                if (rest.endsWith(p)) {
                    pattern = p;
                    rest = rest.substring(0, rest.length() - p.length());
                    break;
                }
            }
            int colon = rest.lastIndexOf(':');
            String type = colon < 0 ? rest : rest.substring(0, colon);
            String action = colon < 0 ? rest : rest.substring(colon + 1);
            return new TaskResource(arn, false, type, action + pattern, pattern.equals(".waitForTaskToken"));
        }
        if (parts.length == 6
                && parts[0].equals("arn")
                && parts[2].equals("lambda")
                && parts[5].startsWith("function:")) {
            return new TaskResource(arn, true, "lambda", arn, false);
        }
        String type = parts.length >= 3 && parts[0].equals("arn") ? parts[2] : "unknown";
        return new TaskResource(arn, false, type, arn, false);
    }
}
