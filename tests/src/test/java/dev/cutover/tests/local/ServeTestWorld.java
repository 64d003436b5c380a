package dev.cutover.tests.local;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.cutover.runtime.demo.LocalLogging;
import dev.cutover.runtime.serve.ServeWorld;

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
        return ServeWorld.start(new ServeWorld.Options(
                0, 100, 16, List.of(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1)), progress));
    }
}
