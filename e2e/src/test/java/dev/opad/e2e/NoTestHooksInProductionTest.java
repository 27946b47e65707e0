package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No production class carries a member named for tests ({@code freezeForTest},
 * {@code allowingLoopbackForTests}): a door left open that any production path could walk
 * through. Tests inject seams instead (a bean, a strategy, a policy). test-support is test code.
 */
class NoTestHooksInProductionTest {

    private static final Pattern NAMED_FOR_TESTS = Pattern.compile("\\b\\w+For(?:Tests?|Testing)\\b");

    @Test
    void noSourceUnderSrcMainNamesAMemberForTests() throws IOException {
        List<Path> sources = productionSources();
        List<String> hooks = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher hook = NAMED_FOR_TESTS.matcher(lines.get(i));
                while (hook.find()) {
                    hooks.add(DeployManifestsTest.ROOT.relativize(source) + ":" + (i + 1) + " " + hook.group());
                }
            }
        }
        assertFalse(sources.isEmpty(), "found the production sources under " + DeployManifestsTest.ROOT);
        assertEquals(List.of(), hooks, "test hooks in production code");
    }

    private static List<Path> productionSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(DeployManifestsTest.ROOT)) {
            for (Path module : modules.filter(m -> !m.endsWith("test-support")).sorted().toList()) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> walk = Files.walk(main)) {
                        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(sources::add);
                    }
                }
            }
        }
        return sources;
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
