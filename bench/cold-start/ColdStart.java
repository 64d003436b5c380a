package dev.cutover.bench.coldstart;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * bench/cold-start.sh's stand-in for the Lambda Java runtime: in a fresh JVM, loads and constructs one handler of
 * the Lambda jar, then makes its first invocation with a sample event, as the runtime's init and first invoke do.
 * Prints one JSON line: milliseconds from {@code COLD_START_T0_NS} (epoch nanoseconds taken by the script just
 * before it started the JVM) to the handler constructed and to the end of the first invocation, and how that
 * invocation ended.
 *
 * <p>Usage: {@code java -cp cutover-functions.jar:harness.jar dev.cutover.bench.coldstart.ColdStart CLASS=EVENT...}.
 * With several pairs (the training run for AppCDS and the AOT cache) each is invoked in turn in the same JVM.
 */
public final class ColdStart {

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        long t0 = Long.parseLong(System.getenv().getOrDefault("COLD_START_T0_NS", "0"));
        for (String pair : args) {
            int eq = pair.indexOf('=');
            String handlerClass = pair.substring(0, eq);
            Path event = Path.of(pair.substring(eq + 1));
            System.out.println(run(handlerClass, event, t0));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String run(String handlerClass, Path event, long t0) throws IOException {
        double constructed;
        Object handler;
        try {
            handler = Class.forName(handlerClass).getDeclaredConstructor().newInstance();
            constructed = sinceStart(t0);
        } catch (ReflectiveOperationException | LinkageError e) {
            return line(handlerClass, -1, -1, "init failed: " + describe(e));
        }
        String outcome;
        try {
            // the runtime deserialises the payload inside the invocation; so does this
            Map<String, Object> payload = new ObjectMapper().readValue(Files.readAllBytes(event), Map.class);
            Object result = ((RequestHandler) handler).handleRequest(payload, context(handlerClass));
            outcome = result instanceof Map<?, ?> m && m.get("status") != null
                    ? "returned status " + m.get("status")
                    : result instanceof Map<?, ?> m && m.get("hookStatus") != null
                            ? "returned hookStatus " + m.get("hookStatus")
                            : "returned";
        } catch (RuntimeException e) {
            outcome = "threw " + describe(e);
        }
        return line(handlerClass, constructed, sinceStart(t0), outcome);
    }

    private static double sinceStart(long t0) {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return (nanos - t0) / 1e6;
    }

    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        if (message.length() > 140) {
            message = message.substring(0, 140) + "...";
        }
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static String line(String handler, double constructed, double firstInvocation, String outcome) {
        String simple = handler.substring(handler.lastIndexOf('.') + 1);
        return String.format(
                java.util.Locale.ROOT,
                "{\"handler\":\"%s\",\"constructedMs\":%.1f,\"firstInvocationEndMs\":%.1f,\"outcome\":\"%s\"}",
                simple,
                constructed,
                firstInvocation,
                outcome.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    /**
     * What the handlers read of the Lambda context (the remaining time bounds CodeDeploy's status report), as a
     * proxy: the bench needs no more, and a class would only repeat the test fixtures' fake contexts.
     */
    private static Context context(String handler) {
        String function = handler.substring(handler.lastIndexOf('.') + 1);
        Object logger = Proxy.newProxyInstance(
                LambdaLogger.class.getClassLoader(), new Class<?>[] {LambdaLogger.class}, (self, method, args) -> {
                    Object message = args == null || args.length == 0 ? "" : args[0];
                    System.err.print(message instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : message);
                    return null;
                });
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(), new Class<?>[] {Context.class}, (self, method, args) ->
                        switch (method.getName()) {
                            case "getRemainingTimeInMillis" -> 60_000;
                            case "getMemoryLimitInMB" -> 1024;
                            case "getAwsRequestId" -> "00000000-0000-0000-0000-000000000001";
                            case "getFunctionName", "getLogStreamName" -> function;
                            case "getFunctionVersion" -> "1";
                            case "getLogGroupName" -> "/aws/lambda/" + function;
                            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:"
                                    + function + ":live";
                            case "getLogger" -> logger;
                            case "hashCode" -> System.identityHashCode(self);
                            case "equals" -> self == args[0];
                            case "toString" -> "cold-start context of " + function;
                            default -> null;
                        });
    }
}
