package dev.cutover.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small stand-in for Step Functions (AWS JSON 1.0: POST /, X-Amz-Target AWSStepFunctions.Operation), Lambda
 * (POST /2015-03-31/functions/NAME/invocations, GET /2015-03-31/functions/) and CloudWatch (the AWS query protocol
 * the SDK speaks to it: a form-encoded POST / with {@code Action}, answered in XML) on 127.0.0.1, so the commands run
 * the real SDK clients. Each operation or function answers through a handler the test sets; every call is recorded.
 */
final class FakeAws implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: an HTTP status and body; {@code functionError} set makes a Lambda function error. */
    record Reply(int status, String body, String functionError) {
        static Reply ok(String json) {
            return new Reply(200, json.replace('\'', '"'), null);
        }

        /** An AWS JSON 1.0 error, e.g. {@code ExecutionAlreadyExists}. */
        static Reply error(String type, String message) {
            return new Reply(
                    400,
                    JSON.createObjectNode()
                            .put("__type", type)
                            .put("message", message)
                            .toString(),
                    null);
        }

        /** A CloudWatch (query protocol) error, e.g. {@code AccessDenied} with 403. */
        static Reply queryError(int status, String code, String message) {
            return new Reply(
                    status,
                    "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                            + "</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>",
                    null);
        }

        /** A Lambda function error, as the Java runtime reports a thrown exception. */
        static Reply functionError(String type, String message) {
            return new Reply(
                    200,
                    JSON.createObjectNode()
                            .put("errorType", type)
                            .put("errorMessage", message)
                            .toString(),
                    "Unhandled");
        }
    }

    /**
     * One request: {@code sfn}, {@code lambda} or {@code cloudwatch}, the operation or function name, the body (a
     * CloudWatch form as an object of its flattened fields, e.g. {@code MetricDataQueries.member.1.Id}).
     */
    record Call(String service, String name, JsonNode body) {}

    private final HttpServer server;
    final Map<String, Function<JsonNode, Reply>> sfn = new ConcurrentHashMap<>();
    final Map<String, Function<JsonNode, Reply>> functions = new ConcurrentHashMap<>();
    /** CloudWatch actions, answered in the query protocol's XML. */
    final Map<String, Function<JsonNode, Reply>> cloudWatch = new ConcurrentHashMap<>();

    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        sfn.put(
                "ListStateMachines",
                body -> Reply.ok("{'stateMachines':[{'name':'cutover-deployment','stateMachineArn':"
                        + "'arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment','type':'STANDARD',"
                        + "'creationDate':1700000000}]}"));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The calls made to one operation or function, in order. */
    List<JsonNode> callsTo(String name) {
        synchronized (calls) {
            return calls.stream()
                    .filter(c -> c.name().equals(name))
                    .map(Call::body)
                    .toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            boolean form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
            JsonNode json = form ? form(body) : body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            String path = exchange.getRequestURI().getPath();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Reply reply;
            if (form) {
                String action = json.path("Action").asText();
                calls.add(new Call("cloudwatch", action, json));
                reply = cloudWatch
                        .getOrDefault(action, b -> Reply.queryError(400, "InvalidAction", "not faked: " + action))
                        .apply(json);
            } else if (target != null && target.startsWith("AWSStepFunctions.")) {
                String operation = target.substring("AWSStepFunctions.".length());
                calls.add(new Call("sfn", operation, json));
                reply = sfn.getOrDefault(
                                operation, b -> Reply.error("UnknownOperationException", "not faked: " + operation))
                        .apply(json);
            } else if (path.startsWith("/2015-03-31/functions/") && path.endsWith("/invocations")) {
                String function =
                        path.substring("/2015-03-31/functions/".length(), path.length() - "/invocations".length());
                calls.add(new Call("lambda", function, json));
                reply = functions
                        .getOrDefault(
                                function,
                                b -> new Reply(
                                        404,
                                        "{\"Type\":\"User\",\"message\":\"Function not found: " + function + "\"}",
                                        null))
                        .apply(json);
            } else {
                reply = new Reply(404, "{\"message\":\"not faked: " + path + "\"}", null);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", form ? "text/xml" : "application/x-amz-json-1.0");
            if (reply.status() == 404 && path.startsWith("/2015-03-31/")) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            }
            if (reply.functionError() != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", reply.functionError());
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A form-encoded body as an object of its fields. */
    private static JsonNode form(String body) {
        var fields = JSON.createObjectNode();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
