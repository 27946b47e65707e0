package dev.opad.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ArticleStorage} promises, run against each implementation by a subclass, so the
 * filesystem and an S3 bucket are interchangeable behind the interface.
 */
abstract class ArticleStorageContract {

    static final String MARKDOWN = "text/markdown; charset=utf-8";
    static final String JSON = "application/json";

    /** A fresh, empty storage for the current test. */
    protected abstract ArticleStorage storage();

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putReportsWhatWasStoredAndGetReturnsTheSameBytes() {
        byte[] markdown = utf8("# Über den Fluss\n\nDer Fährmann wartet. 🚣\n");

        StoredObject stored = storage().put("articles/a1/j1/1/article.md", markdown, MARKDOWN);

        assertEquals(new StoredObject("articles/a1/j1/1/article.md", MARKDOWN, markdown.length,
                Digests.sha256(markdown)), stored);
        assertArrayEquals(markdown, storage().get("articles/a1/j1/1/article.md").orElseThrow());
        assertTrue(storage().verify(stored));
    }

    @Test
    void anEmptyObjectIsStillAnObject() {
        StoredObject stored = storage().put("articles/a1/j1/1/article.json", new byte[0], JSON);

        assertEquals(0, stored.size());
        assertArrayEquals(new byte[0], storage().get(stored.key()).orElseThrow());
        assertTrue(storage().verify(stored));
    }

    @Test
    void aSecondPutReplacesTheObject() {
        StoredObject first = storage().put("articles/a1/j1/1/article.md", utf8("first draft"), MARKDOWN);
        StoredObject second = storage().put("articles/a1/j1/1/article.md", utf8("the retried attempt"), MARKDOWN);

        assertEquals("the retried attempt", new String(storage().get(second.key()).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(storage().verify(second));
        assertFalse(storage().verify(first), "the replaced content no longer verifies");
    }

    @Test
    void aMissingObjectIsEmptyNotAnError() {
        assertEquals(Optional.empty(), storage().get("articles/nobody/nothing/1/article.md"));
        assertFalse(storage().verify(new StoredObject("articles/nobody/nothing/1/article.md", MARKDOWN, 1, "00")));
    }

    @Test
    void verifyNoticesAWrongSizeOrDigest() {
        StoredObject stored = storage().put("articles/a1/j1/1/article.md", utf8("exact bytes"), MARKDOWN);

        assertFalse(storage().verify(new StoredObject(stored.key(), MARKDOWN, stored.size() + 1, stored.sha256())));
        assertFalse(storage().verify(new StoredObject(stored.key(), MARKDOWN, stored.size(), Digests.sha256(utf8("other")))));
    }

    @Test
    void listReturnsEveryKeyBelowThePrefixAndNothingElse() {
        List<String> inside = List.of(
                "articles/a1/j1/1/article.md",
                "articles/a1/j1/1/article.json",
                "articles/a1/j1/2/article.md");
        List<String> outside = List.of(
                "articles/a1/j2/1/article.md",
                "articles/a1/j10/1/article.md",
                "articles/a2/j1/1/article.md");
        inside.forEach(key -> storage().put(key, utf8(key), MARKDOWN));
        outside.forEach(key -> storage().put(key, utf8(key), MARKDOWN));

        assertEquals(new TreeSet<>(inside), new TreeSet<>(storage().list("articles/a1/j1/")));
        assertEquals(Set.of("articles/a1/j1/2/article.md"), Set.copyOf(storage().list("articles/a1/j1/2/")));
        assertEquals(List.of(), storage().list("articles/a3/"));
    }

    @Test
    void deleteRemovesTheObjectAndMayBeRepeated() {
        StoredObject kept = storage().put("articles/a1/j1/2/article.md", utf8("kept"), MARKDOWN);
        storage().put("articles/a1/j1/1/article.md", utf8("garbage"), MARKDOWN);

        storage().delete("articles/a1/j1/1/article.md");

        assertEquals(Optional.empty(), storage().get("articles/a1/j1/1/article.md"));
        assertEquals(List.of("articles/a1/j1/2/article.md"), storage().list("articles/a1/j1/"));
        assertTrue(storage().verify(kept));
        assertDoesNotThrow(() -> storage().delete("articles/a1/j1/1/article.md"));
        assertDoesNotThrow(() -> storage().delete("articles/never/written/1/article.md"));
    }

    @Test
    void keysThatLeaveTheStorageAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> storage().put("../outside.md", utf8("x"), MARKDOWN));
        assertThrows(IllegalArgumentException.class, () -> storage().get("articles/../../outside.md"));
        assertThrows(IllegalArgumentException.class, () -> storage().put("", utf8("x"), MARKDOWN));
    }
}
