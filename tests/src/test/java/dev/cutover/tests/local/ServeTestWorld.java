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
     * 100 requests a second bring green the gates' minimum of requests within the 2 s first stage (10%) with room
     * to spare, without loading a shared machine the way the demo's default does.
     */
    static ServeWorld start(Consumer<String> progress) {
        LocalLogging.configure("warn");
        return ServeWorld.start(new ServeWorld.Options(
                0, 100, 16, List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(1)), progress));
    }
}
