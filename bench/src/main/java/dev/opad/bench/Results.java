package dev.opad.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where every program writes its figures: one "key value" line each, appended to the file named by
 * {@code BENCH_RESULTS} (bench/run-all.sh reads it back to print the table) and echoed to stdout.
 */
final class Results {

    private Results() {
    }

    static void put(String key, double value) {
        put(key, String.format(Locale.ROOT, "%.3f", value));
    }

    static void put(String key, String value) {
        String line = key + " " + value;
        System.out.println("result: " + line);
        String file = System.getenv("BENCH_RESULTS");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void note(String text) {
        System.out.println("bench: " + text);
    }
}
