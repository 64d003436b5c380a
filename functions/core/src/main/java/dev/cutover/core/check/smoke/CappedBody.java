package dev.cutover.core.check.smoke;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as text, at most {@code limit} bytes: a smoke test only needs the start of a body, and a
 * misbehaving target must not be able to fill the function's memory.
 *
 * @param text      the body decoded with the response's charset (UTF-8 when none is given)
 * @param truncated whether the body went on past the limit and was cut off there
 */
record CappedBody(String text, boolean truncated) {

    static final int DEFAULT_LIMIT = 1024 * 1024;

    static HttpResponse.BodyHandler<CappedBody> handler(int limit) {
        return info -> new Subscriber(limit, charsetOf(info.headers()));
    }

    static Charset charsetOf(HttpHeaders headers) {
        String contentType = headers.firstValue("Content-Type").orElse("");
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {

        private final int limit;
        private final Charset charset;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int limit, Charset charset) {
            this.limit = limit;
            this.charset = charset;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                int room = limit - bytes.size();
                int n = Math.min(room, buffer.remaining());
                byte[] chunk = new byte[n];
                buffer.get(chunk);
                bytes.write(chunk, 0, n);
                if (buffer.hasRemaining()) {
                    // over the limit: stop reading; cancelling closes the connection instead of draining it
                    subscription.cancel();
                    result.complete(new CappedBody(bytes.toString(charset), true));
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new CappedBody(bytes.toString(charset), false));
        }
    }
}
