package dev.opad.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArticleStorageTest extends ArticleStorageContract {

    @TempDir
    Path root;

    private FilesystemArticleStorage storage;

    @BeforeEach
    void createStorage() {
        storage = new FilesystemArticleStorage(root);
    }

    @Override
    protected ArticleStorage storage() {
        return storage;
    }

    @Test
    void objectsAreFilesUnderTheDataDirectory() throws IOException {
        storage.put("articles/a1/j1/1/article.md", utf8("# Title"), MARKDOWN);

        assertArrayEquals(utf8("# Title"), Files.readAllBytes(root.resolve("articles/a1/j1/1/article.md")));
    }

    @Test
    void anUnfinishedUploadIsNotListed() throws IOException {
        storage.put("articles/a1/j1/1/article.md", utf8("# Title"), MARKDOWN);
        Files.writeString(root.resolve("articles/a1/j1/1/.upload-123.tmp"), "half");

        assertEquals(List.of("articles/a1/j1/1/article.md"), storage.list("articles/a1/j1/"));
    }

    @Test
    void aDiskFailureIsStorageUnavailable() throws IOException {
        Files.writeString(root.resolve("articles"), "a file where a directory should be");

        StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                () -> storage.put("articles/a1/j1/1/article.md", utf8("# Title"), MARKDOWN));
        assertEquals(FilesystemArticleStorage.StorageException.class, e.getClass());
    }
}
