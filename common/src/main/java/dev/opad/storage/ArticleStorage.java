package dev.opad.storage;

import java.util.Optional;

/**
 * Where finished articles live: a directory ({@link FilesystemArticleStorage}) or an S3-compatible
 * bucket ({@link S3ArticleStorage}), chosen by {@code opad.storage.type}. Keys look like
 * {@code articles/<article_id>/<job_id>/<attempt>/article.md}: two attempts of one job never write
 * the same object. When the storage itself fails, every method throws {@link StorageUnavailableException};
 * a key that would leave the storage is an {@link IllegalArgumentException}.
 */
public interface ArticleStorage {

    /** Stores the bytes under the key, replacing any earlier object (a retried job rewrites the same key). */
    StoredObject put(String key, byte[] content, String contentType);

    Optional<byte[]> get(String key);

    /** Keys below a prefix (a "folder" ending in /), in no particular order. */
    java.util.List<String> list(String prefix);

    /** Removes the object; removing one that is not there is not an error. */
    void delete(String key);

    /** Reads the object back and checks its size and SHA-256 against what {@link #put} reported. */
    default boolean verify(StoredObject expected) {
        return get(expected.key())
                .map(bytes -> bytes.length == expected.size() && Digests.sha256(bytes).equals(expected.sha256()))
                .orElse(false);
    }
}
