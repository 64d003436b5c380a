package dev.cutover.runtime.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local AWS endpoint: one HTTP listener on 127.0.0.1 that answers the Step Functions API
 * ({@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>}, AWS JSON 1.0) and Lambda's Invoke
 * ({@code POST /2015-03-31/functions/{FunctionName}/invocations}), so the AWS CLI and SDKs work against it with
 * {@code --endpoint-url} or {@code endpointOverride}. Requests are not signature-checked: any credentials do.
 * Every refusal is an AWS-shaped error ({@link AwsError}); nothing a client sends yields a stack trace.
 */
public final class ApiServer implements AutoCloseable {

    /** The JSON 1.0 prefix of Step Functions' operations in {@code X-Amz-Target}. */
    public static final String TARGET_PREFIX = "AWSStepFunctions.";

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_10 = "application/x-amz-json-1.0";
    private static final String INVOKE_PREFIX = "/2015-03-31/functions/";
    private static final String INVOKE_SUFFIX = "/invocations";

    private final Server server;
    private final URI uri;

    private ApiServer(Server server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 for any free port).
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static ApiServer start(int port, StepFunctionsApi stepFunctions, LambdaApi lambda) {
        Objects.requireNonNull(stepFunctions, "stepFunctions");
        Objects.requireNonNull(lambda, "lambda");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the API port must be 0..65535, got " + port);
        }
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("cutover-api");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler(new Routes(stepFunctions, lambda));
        // on close, drop the clients' idle keep-alive connections at once instead of after Jetty's default second
        graceful.setShutdownIdleTimeout(50);
        server.setHandler(graceful);
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("the AWS API endpoint could not listen on 127.0.0.1:" + port + ": " + e, e);
        }
        return new ApiServer(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:4583}: what {@code --endpoint-url} takes. */
    public URI uri() {
        return uri;
    }

    /** Stops listening; safe to call twice. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the AWS API endpoint did not stop cleanly: " + e, e);
        }
    }

    private static final class Routes extends Handler.Abstract {

        private final StepFunctionsApi stepFunctions;
        private final LambdaApi lambda;

        Routes(StepFunctionsApi stepFunctions, LambdaApi lambda) {
            this.stepFunctions = stepFunctions;
            this.lambda = lambda;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            try {
                if (path.startsWith(INVOKE_PREFIX) && path.endsWith(INVOKE_SUFFIX)) {
                    invoke(request, response, callback, path);
                } else if (path.equals("/") || path.isEmpty()) {
                    stepFunctions(request, response, callback);
                } else {
                    throw new AwsError(
                            "UnknownOperationException",
                            404,
                            "no AWS operation at " + request.getMethod() + " " + path
                                    + ": this endpoint serves Step Functions (POST /) and Lambda Invoke (POST "
                                    + INVOKE_PREFIX + "{FunctionName}" + INVOKE_SUFFIX + ")");
                }
            } catch (AwsError e) {
                error(response, callback, e);
            } catch (RuntimeException e) {
                LOG.error("the local AWS API failed on {} {}", request.getMethod(), path, e);
                error(response, callback, new AwsError("InternalFailure", 500, "the local runtime failed: " + e));
            }
            return true;
        }

        private void stepFunctions(Request request, Response response, Callback callback) {
            String target = request.getHeaders().get("X-Amz-Target");
            if (!HttpMethod.POST.is(request.getMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new AwsError(
                        "UnknownOperationException",
                        "expected POST / with X-Amz-Target: " + TARGET_PREFIX + "<Operation>, got "
                                + request.getMethod() + (target == null ? " without X-Amz-Target" : " " + target));
            }
            JsonNode body = body(request);
            JsonNode answer = stepFunctions.call(target.substring(TARGET_PREFIX.length()), body);
            send(response, callback, 200, JSON_10, Map.of(), bytes(answer));
        }

        private static JsonNode body(Request request) {
            String text;
            try {
                text = Content.Source.asString(request, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new AwsError("SerializationException", "the request body could not be read: " + e.getMessage());
            }
            if (text == null || text.isBlank()) {
                return JSON.createObjectNode();
            }
            JsonNode body;
            try {
                body = JSON.readTree(text);
            } catch (java.io.IOException e) {
                throw new AwsError(
                        "SerializationException",
                        "the request body is not JSON: "
                                + e.getMessage().lines().findFirst().orElse(""));
            }
            if (!body.isObject()) {
                throw new AwsError("SerializationException", "the request body must be a JSON object");
            }
            return body;
        }

        private void invoke(Request request, Response response, Callback callback, String path) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                throw new AwsError("UnknownOperationException", 405, "Invoke is POST " + path);
            }
            String raw = path.substring(INVOKE_PREFIX.length(), path.length() - INVOKE_SUFFIX.length());
            String name = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            byte[] payload;
            try {
                payload = BufferUtil.toArray(Content.Source.asByteBuffer(request));
            } catch (java.io.IOException e) {
                throw new AwsError("InvalidRequestContentException", "the payload could not be read: " + e);
            }
            LambdaApi.Reply reply = lambda.invoke(name, request.getHeaders().get("X-Amz-Invocation-Type"), payload);
            send(response, callback, reply.status(), "application/json", reply.headers(), reply.body());
        }

        private static void error(Response response, Callback callback, AwsError e) {
            ObjectNode body = JSON.createObjectNode().put("__type", e.type()).put("message", e.getMessage());
            send(response, callback, e.status(), JSON_10, Map.of("X-Amzn-ErrorType", e.type()), bytes(body));
        }

        private static void send(
                Response response,
                Callback callback,
                int status,
                String contentType,
                Map<String, String> headers,
                byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put("x-amzn-RequestId", UUID.randomUUID().toString());
            headers.forEach((name, value) -> response.getHeaders().put(name, value));
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        private static byte[] bytes(JsonNode json) {
            try {
                return JSON.writeValueAsBytes(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
