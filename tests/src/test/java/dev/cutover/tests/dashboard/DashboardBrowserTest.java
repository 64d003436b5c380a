package dev.cutover.tests.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.cutover.runtime.dashboard.DashboardServer;
import dev.cutover.runtime.dashboard.DeploymentFeed;
import dev.cutover.runtime.dashboard.HtmlReport;
import dev.cutover.runtime.demo.Demo;
import dev.cutover.runtime.demo.DemoOptions;
import dev.cutover.runtime.demo.DemoSummary;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.demo.Scenario;
import dev.cutover.tests.support.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard and the report in a real headless chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs), driven through chromedriver by Selenium: during a healthy demo the page shows the
 * stages advancing and ends with the final weights and PROMOTED; after a faulty-5xx demo it shows the rollback and
 * its reason. Each run's report, opened from a file with the network off, shows the summary JSON's numbers. The
 * screenshots go to {@code target/dashboard/}. Without chromium this test fails under CI and is skipped elsewhere.
 */
class DashboardBrowserTest {

    private static final List<Duration> SHORT_BAKES =
            List.of(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(2));
    /** Light traffic: the browser shares the machine with the demo, and a slow machine must not trip the p99 gate. */
    private static final int RPS = 100;

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final Path OUT = Path.of("target", "dashboard");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void startChromium() throws IOException {
        LocalLogging.configure("warn");
        // fails under CI=true when missing, skips elsewhere
        String install = "apt-get install chromium chromium-driver (.ci/run does)";
        ExternalTool.require(install, "chromium", "--version");
        ExternalTool.require(install, "chromedriver", "--version");
        Path chromium = onPath("chromium").orElseThrow();
        Path chromedriver = onPath("chromedriver").orElseThrow();
        Files.createDirectories(OUT);
        profile = Files.createTempDirectory("cutover-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // a fresh profile, and nothing of chromium's own talking to the network (this closed network refuses it)
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopChromium() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    // ---- the tests ---------------------------------------------------------------------------------------------

    @Test
    void aHealthyRunShowsTheStagesAdvancingThenPromotedAtZeroToAHundred() throws Exception {
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        Demo demo = new Demo(DemoOptions.of(Scenario.HEALTHY).withRps(RPS).withBakes(SHORT_BAKES)).publishTo(feed);
        try (DashboardServer dashboard = DashboardServer.start(feed, 0, () -> demo::abort)) {
            CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(demo::run);
            browser.get(dashboard.uri().toString());

            // live: the first stage is shown shifted while the last is not reached yet, then the next ones
            waitFor(Duration.ofMinutes(2), () -> reached(0));
            assertThat(reached(2))
                    .as("the last stage, when the first was shifted")
                    .isFalse();
            assertThat(stageCell(0, "weights")).isEqualTo("blue 90 / green 10");
            assertThat(text("#connection")).isEqualTo("live");
            waitFor(Duration.ofMinutes(1), () -> reached(1));
            assertThat(stageCell(0, "verdict"))
                    .as("stage 1 judged before stage 2 shifted")
                    .isEqualTo("HEALTHY");
            assertThat(stageCell(1, "weights")).isEqualTo("blue 50 / green 50");
            screenshot("healthy-running.png");
            waitFor(Duration.ofMinutes(1), () -> reached(2));
            assertThat(stageCell(2, "weights")).isEqualTo("blue 0 / green 100");

            DemoSummary summary = run.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(summary.outcome()).isEqualTo(DemoSummary.PROMOTED);
            waitFor(Duration.ofSeconds(30), () -> !text("#outcome").equals("-"));
            assertThat(text("#outcome")).isEqualTo("PROMOTED");
            assertThat(text("#status")).isEqualTo("PROMOTED");
            assertThat(text("#final-weights")).isEqualTo("blue 0 / green 100");
            assertThat(summary.finalWeights().green()).isEqualTo(100);
            for (int i = 0; i < 3; i++) {
                assertThat(stageCell(i, "verdict")).as("stage " + (i + 1)).isEqualTo("HEALTHY");
            }
            assertThat(stateClass("Finalize")).contains("done");
            assertThat(displayed("#rollback")).isFalse();
            assertHooksShown(summary);
            assertThat(count("#chart-weights polyline")).isPositive();
            assertThat(count("#chart-errors line.threshold")).isEqualTo(1);
            assertThat(count("#chart-p99 rect.bake")).isEqualTo(3);
            screenshot("healthy-promoted.png");

            reportShowsTheSummary(summary, feed, "healthy-report.html");
        }
    }

    @Test
    void aFaultyRunShowsTheRollbackAndItsReason() throws Exception {
        DeploymentFeed feed = new DeploymentFeed(Clock.systemUTC());
        Demo demo = new Demo(DemoOptions.of(Scenario.FAULTY_5XX).withRps(RPS).withBakes(SHORT_BAKES)).publishTo(feed);
        try (DashboardServer dashboard = DashboardServer.start(feed, 0, () -> demo::abort)) {
            CompletableFuture<DemoSummary> run = CompletableFuture.supplyAsync(demo::run);
            browser.get(dashboard.uri().toString());

            // live: the rollback's moment and reason show up while the run is still going
            waitFor(Duration.ofMinutes(3), () -> displayed("#rollback"));
            assertThat(text("#rollback-reason")).isNotBlank();
            assertThat(text("#rollback-at")).startsWith("at ");

            DemoSummary summary = run.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(summary.outcome()).isEqualTo(DemoSummary.ROLLED_BACK);
            DemoSummary.Rollback rollback = summary.rollback().orElseThrow();
            waitFor(Duration.ofSeconds(30), () -> !text("#outcome").equals("-"));
            assertThat(text("#outcome")).isEqualTo("ROLLED_BACK");
            assertThat(text("#final-weights")).isEqualTo("blue 100 / green 0");
            assertThat(text("#rollback-reason")).isEqualTo(rollback.reason());
            assertThat(text("#rollback-trigger")).isEqualTo(rollback.trigger());
            assertThat(text("#rollback-detected")).isEqualTo(Long.toString(rollback.detectedAfterMs()));
            assertThat(text("#rollback-restored")).isEqualTo(Long.toString(rollback.trafficRestoredAfterMs()));
            assertThat(stateClass("Rollback")).contains("done");
            assertThat(stateClass("Finalize")).doesNotContain("done");
            assertHooksShown(summary);
            // the ledger's history of the service, newest first: this deployment, rolled back, with the reason
            waitFor(Duration.ofSeconds(30), () -> !text("#history tbody tr").isEmpty());
            assertThat(text("#history tbody tr:first-child td:nth-child(1)")).isEqualTo(summary.deploymentId());
            assertThat(text("#history tbody tr:first-child td:nth-child(2)")).isEqualTo("ROLLED_BACK");
            assertThat(text("#history tbody tr:first-child td:nth-child(3)")).isNotBlank();
            assertThat(displayed("#approval")).as("no stage waits for approval").isFalse();
            screenshot("faulty-rolled-back.png");

            reportShowsTheSummary(summary, feed, "faulty-report.html");
        }
    }

    // ---- the report --------------------------------------------------------------------------------------------

    /**
     * Writes the run's report, opens it from its file with chromium's network off, and compares every number it
     * marks ({@code data-field}) with the summary JSON as {@code --summary-json} writes it.
     */
    private static void reportShowsTheSummary(DemoSummary summary, DeploymentFeed feed, String name) throws Exception {
        JsonNode json = JSON.readTree(summary.toJsonText());
        Path report = OUT.resolve(name).toAbsolutePath();
        Files.writeString(report, HtmlReport.render(json, feed.events()), StandardCharsets.UTF_8);
        Files.writeString(OUT.resolve(name.replace(".html", ".json")), summary.toJsonText(), StandardCharsets.UTF_8);

        browser.setNetworkConditions(offline());
        try {
            browser.get(report.toUri().toString());
            assertThat(browser.executeScript("return document.scripts.length")).isEqualTo(0L);
            assertThat(browser.executeScript("return performance.getEntriesByType('resource').length"))
                    .as("what the report loaded besides itself")
                    .isEqualTo(0L);
            Map<String, String> shown = new TreeMap<>();
            for (WebElement field : browser.findElements(By.cssSelector("[data-field]"))) {
                shown.put(field.getAttribute("data-field"), field.getText());
            }
            assertThat(shown)
                    .containsKeys(
                            "outcome",
                            "finalWeights.blue",
                            "finalWeights.green",
                            "requests.total",
                            "requests.failed",
                            "stages.0.verdict.status",
                            "hooks.0.status");
            List<String> mismatches = new ArrayList<>();
            shown.forEach((path, text) -> {
                JsonNode value = json.at("/" + path.replace('.', '/'));
                String expected = value.isMissingNode() || value.isNull() ? "-" : value.asText();
                if (!expected.equals(text)) {
                    mismatches.add(path + ": report " + text + ", summary " + expected);
                }
            });
            assertThat(mismatches).as("report vs summary JSON").isEmpty();
            assertThat(shown).hasSize(expectedFields(json));
            screenshot(name.replace(".html", ".png"));
        } finally {
            browser.deleteNetworkConditions();
        }
    }

    /** The numbers the report must mark: the summary's, one for one. */
    private static int expectedFields(JsonNode json) {
        // deploymentId, outcome, scenario, durationMs; the final weights; the requests' five counts and each release
        int fields = 4 + 2 + 5 + json.path("requests").path("byRelease").size();
        fields += json.path("rollback").isObject() ? 4 : 0;
        fields += 5 * json.path("stages").size();
        fields += 3 * json.path("hooks").size();
        return fields;
    }

    private static ChromiumNetworkConditions offline() {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(true);
        return conditions;
    }

    // ---- reading the page --------------------------------------------------------------------------------------

    private static void assertHooksShown(DemoSummary summary) {
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.executeScript("return [...document.querySelectorAll("
                + "\"#hooks li[data-status]:not([data-status=''])\")].map(li =>"
                + " li.querySelector('.name').textContent + ' ' + li.querySelector('.status').textContent)");
        assertThat(shown)
                .containsExactlyElementsOf(summary.hooks().stream()
                        .map(h -> h.name() + " " + h.status())
                        .toList());
    }

    private static boolean reached(int stage) {
        return (Boolean) browser.executeScript(
                "return !!document.querySelector(arguments[0])",
                "#stages tr[data-index='" + stage + "'][data-reached='true']");
    }

    private static String stageCell(int stage, String cell) {
        return text("#stages tr[data-index='" + stage + "'] td." + cell);
    }

    private static String stateClass(String state) {
        return (String) browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute('class') : '';",
                "#workflow g[data-state='" + state + "']");
    }

    /**
     * The text of what {@code css} selects ({@code ""} when nothing does), read in one script call: the page
     * redraws its parts on each event, so an element found by one call may be gone by the next.
     */
    private static String text(String css) {
        return (String) browser.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
    }

    private static boolean displayed(String css) {
        return (Boolean)
                browser.executeScript("const e = document.querySelector(arguments[0]); return !!e && !e.hidden;", css);
    }

    /** How many elements {@code css} selects. */
    private static long count(String css) {
        return (Long) browser.executeScript("return document.querySelectorAll(arguments[0]).length", css);
    }

    private static void waitFor(Duration timeout, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, timeout, Duration.ofMillis(500)).until(d -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
