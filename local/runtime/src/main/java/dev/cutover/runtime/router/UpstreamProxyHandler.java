package dev.cutover.runtime.router;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy with the upstream chosen per request. The choice is made once, when the request arrives,
 * from one read of the route table, and kept in a request attribute: a request in flight finishes on the upstream it
 * started on whatever the weights do meanwhile, and a keep-alive client connection carries each of its requests to
 * wherever the weights say at that moment (nothing is decided per connection).
 *
 * <p>Retry: when the upstream fails before any response has begun (connection refused because it was stopped, or a
 * pooled keep-alive connection it closed just as the request went out) and the request is a GET or HEAD without a
 * body, the request is sent once more: on a production request to the other upstream, on a test request to green
 * again (test traffic never goes to blue). Timeouts are not retried. Other methods are not retried because the
 * router cannot know whether the first upstream acted on them.
 */
final class UpstreamProxyHandler extends ProxyHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProxyHandler.class);
    private static final String ATTEMPT = UpstreamProxyHandler.class.getName() + ".attempt";

    /** Shorter than Jetty's default server idle timeout (30 s), so the router closes an idle upstream connection
     *  before the upstream does, rather than racing it by sending on a connection the upstream is closing. */
    private static final Duration UPSTREAM_IDLE_TIMEOUT = Duration.ofSeconds(15);

    private final AtomicReference<RouteTable> routes;
    private final Connector testConnector;
    private final RouterMetrics metrics;
    private final InFlight inFlight;
    private final Consumer<RequestRecord> requestListener;
    private final Clock clock;
    private final Duration upstreamTimeout;
    private final LongAdder retries = new LongAdder();

    UpstreamProxyHandler(
            AtomicReference<RouteTable> routes,
            Connector testConnector,
            RouterMetrics metrics,
            InFlight inFlight,
            Consumer<RequestRecord> requestListener,
            Clock clock,
            Duration upstreamTimeout) {
        this.routes = routes;
        this.testConnector = testConnector;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.requestListener = requestListener;
        this.clock = clock;
        this.upstreamTimeout = upstreamTimeout;
    }

    /**
     * HTTP/1.1 only, on the server's thread pool (ProxyHandler strips decoders and protocol handlers). One small pool
     * for both sides: the proxy never blocks a thread on I/O, and on a busy machine hundreds of threads mostly
     * preempt one another while holding the locks the others wait for (JFR's contention-by-site on bench/router.sh).
     */
    @Override
    protected HttpClient newHttpClient() {
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(getServer().getThreadPool());
        connector.setSelectors(1);
        return new HttpClient(new HttpClientTransportOverHTTP(connector));
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        client.setConnectTimeout(2_000);
        client.setIdleTimeout(UPSTREAM_IDLE_TIMEOUT.toMillis());
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(4096);
        client.setUserAgentField(null);
    }

    long retries() {
        return retries.sum();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RouterListener listener = request.getConnectionMetaData().getConnector() == testConnector
                ? RouterListener.TEST
                : RouterListener.PRODUCTION;
        RouteTable table = routes.get();
        String pinned =
                listener == RouterListener.PRODUCTION ? request.getHeaders().get(LocalRouter.PIN_HEADER) : null;
        Version version = listener == RouterListener.TEST
                ? table.testSlot()
                : pinned != null
                        ? pinnedVersion(pinned, table)
                        : table.choose(ThreadLocalRandom.current().nextInt(100));
        Attempt attempt = new Attempt(listener, version, table.upstream(version), System.nanoTime());
        request.setAttribute(ATTEMPT, attempt);
        inFlight.started(version);
        try {
            return super.handle(request, response, callback);
        } catch (RuntimeException | Error e) {
            finish(request, 500);
            throw e;
        }
    }

    /** The version a {@value LocalRouter#PIN_HEADER} names; an unknown name follows the weights. */
    private static Version pinnedVersion(String pinned, RouteTable table) {
        try {
            return Version.fromHeader(pinned);
        } catch (IllegalArgumentException e) {
            return table.choose(ThreadLocalRandom.current().nextInt(100));
        }
    }

    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        Attempt attempt = attempt(request);
        return HttpURI.build(attempt.upstream).pathQuery(request.getHttpURI().getPathQuery());
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI uri) {
        return super.newProxyToServerRequest(request, uri).timeout(upstreamTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected org.eclipse.jetty.client.Response.CompleteListener newServerToProxyResponseListener(
            Request request, org.eclipse.jetty.client.Request upstreamRequest, Response response, Callback callback) {
        return new VersionTaggingListener(request, upstreamRequest, response, callback);
    }

    @Override
    protected void onServerToProxyResponseFailure(
            Request request,
            org.eclipse.jetty.client.Request upstreamRequest,
            org.eclipse.jetty.client.Response upstreamResponse,
            Response response,
            Callback callback,
            Throwable failure) {
        Attempt attempt = attempt(request);
        if (retryable(request, response, attempt, failure)) {
            Version next = attempt.listener == RouterListener.TEST ? attempt.version : attempt.version.other();
            LOG.debug(
                    "{} upstream failed before answering ({}); retrying {} {} on {}",
                    attempt.version.header(),
                    failure.toString(),
                    request.getMethod(),
                    request.getHttpURI().getPathQuery(),
                    next.header());
            inFlight.finished(attempt.version);
            attempt.retryOn(next, routes.get().upstream(next));
            inFlight.started(next);
            retries.increment();
            try {
                // ProxyHandler.handle, not ours: the upstream for the second try is already chosen
                super.handle(request, response, callback);
                return;
            } catch (RuntimeException retryFailure) {
                failure.addSuppressed(retryFailure);
            }
        }
        attempt.upstreamStatus = failure instanceof TimeoutException ? 504 : 502;
        LOG.debug("{} upstream failed: {}", attempt.version.header(), failure.toString());
        super.onServerToProxyResponseFailure(request, upstreamRequest, upstreamResponse, response, callback, failure);
    }

    @Override
    protected void onProxyToClientResponseComplete(
            Request request,
            org.eclipse.jetty.client.Request upstreamRequest,
            org.eclipse.jetty.client.Response upstreamResponse,
            Response response,
            Callback callback) {
        finish(request, response.getStatus());
        super.onProxyToClientResponseComplete(request, upstreamRequest, upstreamResponse, response, callback);
    }

    @Override
    protected void onProxyToClientResponseFailure(
            Request request,
            org.eclipse.jetty.client.Request upstreamRequest,
            org.eclipse.jetty.client.Response upstreamResponse,
            Response response,
            Callback callback,
            Throwable failure) {
        Attempt attempt = attempt(request);
        finish(request, attempt.upstreamStatus != 0 ? attempt.upstreamStatus : RequestRecord.CLIENT_CLOSED);
        super.onProxyToClientResponseFailure(request, upstreamRequest, upstreamResponse, response, callback, failure);
    }

    private static boolean retryable(Request request, Response response, Attempt attempt, Throwable failure) {
        String method = request.getMethod();
        boolean idempotent = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
        boolean bodyless = request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        return idempotent
                && bodyless
                && !attempt.retried
                && !attempt.responseBegun
                && !response.isCommitted()
                && !(failure instanceof TimeoutException);
    }

    private void finish(Request request, int status) {
        Attempt attempt = attempt(request);
        if (!attempt.finished.compareAndSet(false, true)) {
            return;
        }
        inFlight.finished(attempt.version);
        RequestRecord record = new RequestRecord(
                attempt.listener,
                attempt.version,
                status,
                Duration.ofNanos(System.nanoTime() - attempt.startNanos),
                clock.instant(),
                attempt.retried);
        metrics.record(record);
        try {
            requestListener.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("request listener failed on {}; the request itself was served", record, e);
        }
    }

    private static Attempt attempt(Request request) {
        return (Attempt) request.getAttribute(ATTEMPT);
    }

    /** Where one client request is going; touched by the server and client threads in turn, never at once. */
    private static final class Attempt {
        final RouterListener listener;
        final long startNanos;
        final AtomicBoolean finished = new AtomicBoolean();
        volatile Version version;
        volatile HttpURI upstream;
        volatile boolean retried;
        volatile boolean responseBegun;
        volatile int upstreamStatus;

        Attempt(RouterListener listener, Version version, HttpURI upstream, long startNanos) {
            this.listener = listener;
            this.version = version;
            this.upstream = upstream;
            this.startNanos = startNanos;
        }

        void retryOn(Version next, HttpURI nextUpstream) {
            version = next;
            upstream = nextUpstream;
            retried = true;
        }
    }

    /** Marks the response with the upstream that answered, unless the upstream already said. */
    private final class VersionTaggingListener extends ProxyResponseListener {
        private final Request request;
        private final Response response;

        VersionTaggingListener(
                Request request,
                org.eclipse.jetty.client.Request upstreamRequest,
                Response response,
                Callback callback) {
            super(request, upstreamRequest, response, callback);
            this.request = request;
            this.response = response;
        }

        @Override
        public void onBegin(org.eclipse.jetty.client.Response upstreamResponse) {
            attempt(request).responseBegun = true;
            super.onBegin(upstreamResponse);
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response upstreamResponse) {
            super.onHeaders(upstreamResponse);
            if (!response.getHeaders().contains(LocalRouter.VERSION_HEADER)) {
                response.getHeaders()
                        .add(new HttpField(
                                LocalRouter.VERSION_HEADER,
                                attempt(request).version.header()));
            }
        }
    }
}
