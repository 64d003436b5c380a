package dev.cutover.tests.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.cutover.tests.support.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's deploy steps put a spec into SSM Parameter Store as written: the {@code aws ssm put-parameter} command
 * names its tier, and every example spec fits that tier's documented value limit.
 *
 * <p>Limits from "Managing parameter tiers" (AWS Systems Manager User Guide,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html): a Standard
 * parameter's value holds up to 4 KB, an Advanced one up to 8 KB. Without {@code --tier} PutParameter creates a
 * Standard parameter (the account's default tier, Standard unless changed). Counted here in UTF-8 bytes, the
 * stricter reading of "KB".
 */
class ExampleSpecSizeTest {

    static final Map<String, Integer> TIER_LIMIT_BYTES = Map.of("Standard", 4096, "Advanced", 8192);

    private static final Pattern PUT_PARAMETER = Pattern.compile("aws ssm put-parameter[^\\n]*(?:\\\\\\n[^\\n]*)*");
    private static final Pattern TIER = Pattern.compile("--tier\\s+(\\S+)");

    @Test
    void everyExampleSpecFitsTheTierTheReadmeNames() throws IOException {
        String tier = readmeTier();
        int limit = TIER_LIMIT_BYTES.get(tier);

        List<Path> examples;
        try (Stream<Path> files = Files.list(RepoFiles.resolve("examples"))) {
            examples = files.filter(f -> f.getFileName().toString().endsWith(".cutover.yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            assertThat(Files.size(example))
                    .as(
                            "%s is %d bytes; a %s SSM parameter holds at most %d",
                            example.getFileName(), Files.size(example), tier, limit)
                    .isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void theReadmeSaysWhyItUsesItsTier() {
        String tier = readmeTier();
        String readme = RepoFiles.read("README.md");

        assertThat(readme).contains("**" + tier + "** tier").contains("parameter-store-advanced-parameters.html");
    }

    /** The tier of the README's put-parameter command; Standard when it names none (PutParameter's default). */
    private static String readmeTier() {
        String readme = RepoFiles.read("README.md");
        Matcher command = PUT_PARAMETER.matcher(readme);
        assertThat(command.find())
                .as("README.md has an `aws ssm put-parameter` command")
                .isTrue();
        Matcher tier = TIER.matcher(command.group());
        String named = tier.find() ? tier.group(1) : "Standard";
        assertThat(TIER_LIMIT_BYTES).as("the tier README.md names").containsKey(named);
        return named;
    }
}
