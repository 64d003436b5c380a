package dev.cutover.tests.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.cutover.runtime.demo.DemoSpec;
import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.serve.ServeWorld;
import dev.cutover.tests.support.CutoverCli;

/** {@code cutover serve}'s world as the end-to-end tests start it: any free port, short bakes, modest traffic. */
final class ServeTestWorld {

    private ServeTestWorld() {}

    /**
     * 100 requests a second and a 4 s first stage at 10% bring green about 40 requests, twice the gates'
     * {@code minRequests} floor of 20 (fewer makes JudgeHealth INCONCLUSIVE, which rolls back), without loading a
     * shared machine the way the demo's default rate does.
     */
    static ServeWorld start(Consumer<String> progress) {
        LocalLogging.configure("warn");
        return ServeWorld.start(new ServeWorld.Options(0, 100, 16, BAKES, progress));
    }

    /** The stages' bakes {@link #start} gives the world's spec. */
    static final List<Duration> BAKES = List.of(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1));

    /**
     * The spec {@code world} stores (rendered with {@code bakes}), with an approval gate (10 min) before its 50%
     * stage, as a file for {@code cutover deploy --spec}.
     */
    static Path gatedSpec(ServeWorld world, List<Duration> bakes) throws IOException {
        String spec = DemoSpec.render(world.productionUri(), world.testUri(), 100, bakes, false);
        String stage = "- { percent: 50, bakeSeconds: " + bakes.get(1).toSeconds() + " }";
        if (!spec.contains(stage)) {
            throw new AssertionError("the demo's spec has no stage " + stage + ":\n" + spec);
        }
        Path file = Files.createTempFile("gated", ".cutover.yaml");
        Files.writeString(
                file,
                spec.replace(
                        stage,
                        "- { percent: 50, bakeSeconds: " + bakes.get(1).toSeconds()
                                + ", approval: { timeoutMinutes: 10 } }"));
        return file;
    }

    /** A {@code cutover} command run in-process against {@code world}'s endpoint, as a user types it. */
    static OperatorCliEndToEndTest.Outcome cutover(ServeWorld world, String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        line.addAll(List.of("--endpoint-url", world.endpoint().toString(), "--region", "us-east-1"));
        CutoverCli run = CutoverCli.run(line);
        return new OperatorCliEndToEndTest.Outcome(run.exit(), run.out(), run.err());
    }
}
