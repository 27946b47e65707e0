package dev.opad.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Storage could not do what was asked: a disk, a network or an object store failed. It is an
 * {@link UncheckedIOException} because that is what it is to callers: an I/O failure worth retrying
 * later, never a sign that the object is absent ({@link ArticleStorage#get} says that with an empty
 * Optional).
 */
public class StorageUnavailableException extends UncheckedIOException {

    public StorageUnavailableException(String message, IOException cause) {
        super(message, cause);
    }

    /** For clients that report I/O failures as their own unchecked exceptions (the AWS SDK does). */
    public StorageUnavailableException(String message, RuntimeException cause) {
        super(message, new IOException(cause.getMessage(), cause));
    }
}
