package dev.cutover.runtime.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sample service's routes; see {@link SampleApp}. */
final class SampleHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SampleHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIST_LIMIT = 50;
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final AppVersion version;
    private volatile Variant variant;
    private final OrderStore store;
    private final AtomicLong orderRequests = new AtomicLong();

    SampleHandler(AppVersion version, Variant variant, OrderStore store) {
        this.version = version;
        this.variant = variant;
        this.store = store;
    }

    AppVersion version() {
        return version;
    }

    Variant variant() {
        return variant;
    }

    /** From now on, behave as {@code newVariant} says (a demo that makes green degrade late). */
    void behave(Variant newVariant) {
        this.variant = java.util.Objects.requireNonNull(newVariant, "newVariant");
    }

    long orderRequests() {
        return orderRequests.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (path.equals("/health")) {
            send(response, callback, readOnly(method) ? health() : notAllowed(method, path));
            return true;
        }
        if (path.equals("/orders") || path.startsWith("/orders/")) {
            long n = orderRequests.incrementAndGet();
            Reply reply = variant.kind() == Variant.Kind.FAULTY_5XX && n % variant.failEvery() == 0
                    ? error(
                            500,
                            "injected fault: faulty-5xx fails every " + variant.failEvery()
                                    + "th order request, this was number " + n)
                    : orders(request, method, path);
            long delayNanos = variant.kind() == Variant.Kind.SLOW
                    ? variant.delay().toNanos()
                    : variant.workFor(n).toNanos();
            if (delayNanos > 0) {
                request.getComponents()
                        .getScheduler()
                        .schedule(() -> send(response, callback, reply), delayNanos, TimeUnit.NANOSECONDS);
            } else {
                send(response, callback, reply);
            }
            return true;
        }
        send(response, callback, error(404, "no such resource: " + path));
        return true;
    }

    private Reply health() {
        ObjectNode body = JSON.createObjectNode();
        boolean up = variant.kind() != Variant.Kind.SMOKE_FAIL;
        body.put("status", up ? "UP" : "DOWN");
        body.put("version", version.label());
        return new Reply(up ? 200 : 503, body, null);
    }

    private Reply orders(Request request, String method, String path) {
        try {
            if (path.equals("/orders")) {
                if (readOnly(method)) {
                    ArrayNode list = JSON.createArrayNode();
                    store.list(LIST_LIMIT).forEach(order -> list.add(json(order)));
                    return new Reply(200, list, null);
                }
                if (HttpMethod.POST.is(method)) {
                    return create(request);
                }
                return notAllowed(method, path);
            }
            if (!readOnly(method)) {
                return notAllowed(method, path);
            }
            String idText = path.substring("/orders/".length());
            long id;
            try {
                id = Long.parseLong(idText);
            } catch (NumberFormatException e) {
                return error(400, "order id must be a number, got '" + idText + "'");
            }
            return store.find(id)
                    .map(order -> new Reply(200, json(order), null))
                    .orElseGet(() -> error(404, "no order " + id));
        } catch (IllegalStateException e) {
            LOG.warn("{} {} failed: {}", method, path, e.getMessage());
            return error(503, "orders are unavailable: " + e.getMessage());
        }
    }

    private Reply create(Request request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return error(413, "order body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode body;
        try {
            String text = Content.Source.asString(request, StandardCharsets.UTF_8);
            body = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return error(400, "order body must be JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return error(400, "order body could not be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            return error(400, "order body must be a JSON object with item and quantity");
        }
        JsonNode item = body.get("item");
        JsonNode quantity = body.get("quantity");
        if (item == null || !item.isTextual()) {
            return error(400, "order field 'item' must be a string");
        }
        if (quantity == null || !quantity.canConvertToInt() || !quantity.isIntegralNumber()) {
            return error(400, "order field 'quantity' must be an integer");
        }
        Optional<String> note = Optional.empty();
        if (version.hasNote() && body.hasNonNull("note")) {
            if (!body.get("note").isTextual()) {
                return error(400, "order field 'note' must be a string");
            }
            note = Optional.of(body.get("note").asText());
        }
        NewOrder order;
        try {
            order = new NewOrder(item.asText(), quantity.asInt(), note);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Order stored = store.create(order);
        return new Reply(201, json(stored), "/orders/" + stored.id());
    }

    private ObjectNode json(Order order) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", order.id());
        node.put("item", order.item());
        node.put("quantity", order.quantity());
        if (version.hasNote()) {
            node.put("note", order.note().orElse(null));
        }
        node.put("version", version.label());
        return node;
    }

    private Reply notAllowed(String method, String path) {
        return error(405, method + " is not allowed on " + path);
    }

    private Reply error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        body.put("version", version.label());
        return new Reply(status, body, null);
    }

    private static boolean readOnly(String method) {
        return HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    }

    private void send(Response response, Callback callback, Reply reply) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(SampleApp.APP_VERSION_HEADER, version.label());
        if (reply.location() != null) {
            response.getHeaders().put(HttpHeader.LOCATION, reply.location());
        }
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private record Reply(int status, JsonNode body, String location) {}
}
