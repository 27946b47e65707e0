package dev.opad.worker.quality;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The real texts under src/test/resources/quality, and one gate for all tests (its models load once). */
final class TestArticles {

    static final QualityGate GATE = new QualityGate();

    private TestArticles() {
    }

    static String read(String name) {
        try (InputStream in = TestArticles.class.getResourceAsStream("/quality/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource quality/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<GlossaryEntry> glossary(String name) {
        try {
            return new ObjectMapper().readValue(read(name), new TypeReference<List<GlossaryEntry>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
