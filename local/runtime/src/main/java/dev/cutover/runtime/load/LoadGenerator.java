package dev.cutover.runtime.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import dev.cutover.runtime.router.LocalRouter;
import dev.cutover.runtime.sample.SampleApp;

/**
 * Sends GET requests at a fixed rate (open loop: sends are due at fixed times from the start, whatever the responses
 * do) with a cap on requests outstanding, and counts every outcome by the version that answered. A send that has to
 * wait for a free slot goes out late and is counted late; its response time is measured from when it was due, so a
 * slow server cannot hide its slowness by slowing the generator down.
 *
 * <p>Nothing is dropped silently: every request sent ends in exactly one of ok or failed, with the reason. Uses
 * Jetty's asynchronous HttpClient with keep-alive connections (at most {@code concurrency} of them).
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Duration DRAIN_MARGIN = Duration.ofSeconds(2);

    private final LoadConfig config;
    private final Destinations destinations;
    private final HttpClient client;
    private final Semaphore slots;
    private final Tally tally = new Tally();
    /** Requests due per second that one pacer thread is given; above it, more pacers share the schedule. */
    static final int RATE_PER_PACER = 2_000;

    private static final int MAX_PACERS = 4;

    private final List<Thread> pacers = new ArrayList<>();
    private final AtomicInteger pacersRunning;
    private final AtomicLong scheduledEnd = new AtomicLong(Long.MIN_VALUE);
    private final long startNanos;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile long sendingEndedNanos;
    private volatile LoadReport finalReport;

    private LoadGenerator(LoadConfig config, Destinations destinations, HttpClient client) {
        this.config = config;
        this.destinations = destinations;
        this.client = client;
        this.slots = new Semaphore(config.concurrency());
        this.startNanos = System.nanoTime();
        // one thread cannot both sleep until each send is due and do the send's work at thousands per second
        // (each send builds and writes a request): pacer k of n sends the requests due at k, k + n, k + 2n, ...
        int count = (int) Math.max(1, Math.min(MAX_PACERS, Math.ceil(config.ratePerSecond() / RATE_PER_PACER)));
        this.pacersRunning = new AtomicInteger(count);
        for (int k = 0; k < count; k++) {
            int first = k;
            Thread pacer = new Thread(() -> pace(first, count), "load-pacer-" + k);
            pacer.setDaemon(true);
            pacers.add(pacer);
        }
    }

    /**
     * Starts sending now.
     *
     * @throws IllegalStateException when the HTTP client cannot start
     */
    public static LoadGenerator start(LoadConfig config) {
        return start(config, Destinations.fixed(config.target()));
    }

    /**
     * Starts sending now, each request where {@code destinations} says ({@link LoadConfig#target()} is then only
     * the default).
     *
     * @throws IllegalStateException when the HTTP client cannot start
     */
    public static LoadGenerator start(LoadConfig config, Destinations destinations) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(destinations, "destinations");
        ClientConnector connector = new ClientConnector();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, Math.min(200, config.concurrency() + 8)), 4);
        threads.setName("load");
        connector.setExecutor(threads);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setFollowRedirects(false);
        client.setConnectTimeout(5_000);
        client.setIdleTimeout(20_000);
        client.setMaxConnectionsPerDestination(config.concurrency());
        // the semaphore keeps at most `concurrency` outstanding, so the queue never fills
        client.setMaxRequestsQueuedPerDestination(config.concurrency() + 16);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("load generator HTTP client did not start: " + e, e);
        }
        LoadGenerator generator = new LoadGenerator(config, destinations, client);
        generator.pacers.forEach(Thread::start);
        return generator;
    }

    /** Counts so far; the generator keeps running. */
    public LoadReport snapshot() {
        LoadReport done = finalReport;
        return done != null ? done : tally.report(elapsed());
    }

    /**
     * Waits until sending has ended by itself (duration or request limit reached) and every request sent has
     * finished.
     *
     * @return false on timeout, or when the generator has neither a duration nor a request limit
     */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        if (config.duration().isEmpty() && config.maxRequests() == 0) {
            return false;
        }
        return tally.awaitFinished(timeout);
    }

    /**
     * Stops sending, waits for requests in flight to finish (up to the request timeout plus a margin), aborts any
     * still outstanding after that (they count as failed), and returns the final counts. Safe to call again; later
     * calls return the same report.
     */
    public LoadReport stop() {
        if (!stopped.compareAndSet(false, true)) {
            return awaitFinalReport();
        }
        running = false;
        pacers.forEach(Thread::interrupt);
        try {
            for (Thread pacer : pacers) {
                pacer.join(Duration.ofSeconds(5).toMillis());
            }
            if (!tally.awaitDrained(config.requestTimeout().plus(DRAIN_MARGIN))) {
                // stopping the client fails its outstanding exchanges, and each is counted as failed
                client.stop();
                tally.awaitDrained(DRAIN_MARGIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("load generator did not stop cleanly: " + e, e);
        } finally {
            try {
                client.stop();
            } catch (Exception ignored) {
                // already counted what it had; nothing more to do with a client that will not stop
            }
        }
        LoadReport report = tally.report(elapsed());
        finalReport = report;
        synchronized (this) {
            notifyAll();
        }
        return report;
    }

    private synchronized LoadReport awaitFinalReport() {
        while (finalReport == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tally.report(elapsed());
            }
        }
        return finalReport;
    }

    @Override
    public void close() {
        stop();
    }

    private Duration elapsed() {
        long end = sendingEndedNanos;
        return Duration.ofNanos((end != 0 ? end : System.nanoTime()) - startNanos);
    }

    /** Sends the requests due at {@code first}, {@code first + step}, ... of the schedule. */
    private void pace(int first, int step) {
        double periodNanos = 1e9 / config.ratePerSecond();
        long durationNanos = config.duration().map(Duration::toNanos).orElse(Long.MAX_VALUE);
        long lateNanos = config.lateThreshold().toNanos();
        long next = first;
        try {
            while (running && (config.maxRequests() == 0 || next < config.maxRequests())) {
                long offset = (long) (next * periodNanos);
                if (offset >= durationNanos) {
                    break;
                }
                long due = startNanos + offset;
                long left;
                while (running && (left = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                }
                if (!running) {
                    break;
                }
                slots.acquire();
                long index = next;
                next += step;
                long sentAt = System.nanoTime();
                tally.sent(sentAt - due > lateNanos);
                send(destinations.of(index), due, sentAt);
            }
        } catch (InterruptedException e) {
            // stop() interrupts a pacer waiting for a free slot
        } finally {
            scheduledEnd.accumulateAndGet(startNanos + (long) (next * periodNanos), Math::max);
            if (pacersRunning.decrementAndGet() == 0) {
                // the sending window ends when the last scheduled slot does, or now if we are behind
                sendingEndedNanos = Math.max(System.nanoTime(), scheduledEnd.get());
                tally.sendingEnded();
            }
        }
    }

    private void send(Destinations.Destination to, long due, long sentAt) {
        AtomicBoolean once = new AtomicBoolean();
        try {
            client.newRequest(to.uri())
                    .headers(h -> to.upstream().ifPresent(u -> h.put(LocalRouter.PIN_HEADER, u)))
                    .method(HttpMethod.GET)
                    .timeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .send(result -> {
                        if (once.compareAndSet(false, true)) {
                            complete(due, sentAt, result);
                        }
                    });
        } catch (RuntimeException e) {
            if (once.compareAndSet(false, true)) {
                long now = System.nanoTime();
                tally.completed(null, null, 0, e.getClass().getSimpleName(), now - due, now - sentAt);
                slots.release();
            }
        }
    }

    private void complete(long due, long sentAt, Result result) {
        long now = System.nanoTime();
        var response = result.getResponse();
        String version = response == null ? null : response.getHeaders().get(LocalRouter.VERSION_HEADER);
        String release = response == null ? null : response.getHeaders().get(SampleApp.APP_VERSION_HEADER);
        int status = response == null ? 0 : response.getStatus();
        String failure = null;
        if (result.getFailure() != null) {
            failure = result.getFailure().getClass().getSimpleName();
            status = 0;
        } else if (status >= 500) {
            failure = "HTTP " + status;
        }
        tally.completed(version, release, status, failure, now - due, now - sentAt);
        slots.release();
    }

    /** All counts under one lock, so a snapshot is consistent (sent = completed + in flight). */
    private static final class Tally {
        private long sent;
        private long completed;
        private long ok;
        private long failed;
        private long late;
        private boolean sendingEnded;
        private final Map<String, MutableCounts> byVersion = new TreeMap<>();
        private final Map<String, Long> byRelease = new TreeMap<>();
        private final Map<String, Long> reasons = new TreeMap<>();
        private final Histogram responseTime = Latencies.newHistogram();
        private final Histogram serviceTime = Latencies.newHistogram();

        synchronized void sent(boolean wasLate) {
            sent++;
            late += wasLate ? 1 : 0;
        }

        synchronized void completed(
                String version, String release, int status, String failure, long responseNanos, long serviceNanos) {
            completed++;
            byRelease.merge(release == null ? LoadReport.NO_VERSION : release, 1L, Long::sum);
            MutableCounts counts = byVersion.computeIfAbsent(
                    version == null ? LoadReport.NO_VERSION : version, v -> new MutableCounts());
            counts.total++;
            if (failure == null) {
                ok++;
                counts.ok++;
            } else {
                failed++;
                counts.failed++;
                reasons.merge(failure, 1L, Long::sum);
            }
            if (status > 0) {
                counts.statuses.merge(status, 1L, Long::sum);
            }
            Latencies.record(responseTime, responseNanos);
            Latencies.record(serviceTime, serviceNanos);
            if (completed == sent) {
                notifyAll();
            }
        }

        synchronized void sendingEnded() {
            sendingEnded = true;
            notifyAll();
        }

        synchronized boolean awaitDrained(Duration timeout) throws InterruptedException {
            return awaitUntil(timeout, false);
        }

        synchronized boolean awaitFinished(Duration timeout) throws InterruptedException {
            return awaitUntil(timeout, true);
        }

        private boolean awaitUntil(Duration timeout, boolean needSendingEnded) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (completed < sent || (needSendingEnded && !sendingEnded)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        synchronized LoadReport report(Duration elapsed) {
            Map<String, VersionCounts> versions = new HashMap<>();
            byVersion.forEach((version, counts) ->
                    versions.put(version, new VersionCounts(counts.total, counts.ok, counts.failed, counts.statuses)));
            return new LoadReport(
                    sent,
                    completed,
                    ok,
                    failed,
                    late,
                    versions,
                    byRelease,
                    reasons,
                    Latencies.copyOf(responseTime),
                    Latencies.copyOf(serviceTime),
                    elapsed);
        }
    }

    private static final class MutableCounts {
        long total;
        long ok;
        long failed;
        final Map<Integer, Long> statuses = new TreeMap<>();
    }
}
