package dev.cutover.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code cutover serve}, in-process: what it prints, that it answers, and that it stops cleanly. */
class ServeCommandTest {

    private static final Pattern DASHBOARD =
            Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/) +\\(token for its buttons: (\\S+)\\)");
    private static final Pattern ENDPOINT = Pattern.compile("endpoint\\s+(http://127\\.0\\.0\\.1:\\d+)");

    /** Collects what is printed and completes {@link #ready} once the banner's last line is out. */
    private static final class Output extends ByteArrayOutputStream {
        final CompletableFuture<String> ready = new CompletableFuture<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            String text = toString(StandardCharsets.UTF_8);
            if (text.contains("Ctrl-C stops everything.")) {
                ready.complete(text);
            }
        }
    }

    @Test
    void servesTheApiUntilInterruptedThenStopsEverything() throws Exception {
        Output out = new Output();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serve = new Thread(() -> exitCode.set(Main.run(
                new String[] {"serve", "--port", "0", "--rps", "20", "--dashboard"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))));
        serve.start();
        String banner;
        try {
            banner = out.ready.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            serve.interrupt();
            throw new AssertionError("no banner within 120 s; stderr: " + err.toString(StandardCharsets.UTF_8), e);
        }
        Matcher endpoint = ENDPOINT.matcher(banner);
        assertThat(endpoint.find()).as(banner).isTrue();
        URI uri = URI.create(endpoint.group(1));
        assertThat(banner)
                .contains("arn:aws:states:us-east-1:123456789012:stateMachine:cutover-deployment")
                .contains("/cutover/orders/spec")
                .contains("dev/cutover/runtime/demo/orders.cutover.yaml")
                .contains("aws stepfunctions start-execution --endpoint-url " + uri)
                .contains("\"specParameter\":\"/cutover/orders/spec\"");

        // --dashboard: the page's address and the buttons' token, the page, and the ledger's history on it
        Matcher dashboard = DASHBOARD.matcher(banner);
        assertThat(dashboard.find()).as(banner).isTrue();
        URI page = URI.create(dashboard.group(1));
        assertThat(get(page).body()).contains("<title>Cutover deployment</title>");
        assertThat(get(page.resolve("/api/events")).body())
                .contains("\"kind\":\"plan\"", "\"kind\":\"history\"")
                .doesNotContain(dashboard.group(2));

        HttpResponse<String> listed = listStateMachines(uri);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"cutover-deployment\"");

        serve.interrupt();
        serve.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(serve.isAlive()).isFalse();
        assertThat(exitCode.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cutover serve: stopped");
        assertThatThrownBy(() -> listStateMachines(uri)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> get(page)).as("the dashboard stopped too").isInstanceOf(ConnectException.class);
    }

    @Test
    void badOptionsAreUsageErrors() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"serve", "--bake", "1,2"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bake takes three");

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertThat(Main.run(
                        new String[] {"serve", "--port", "70000"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err2, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err2.toString(StandardCharsets.UTF_8)).contains("--port must be 0..65535");
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> listStateMachines(URI endpoint) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint.resolve("/"))
                                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines")
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
