package dev.opad.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Stores objects as files under a data directory, written atomically so a reader never sees half a file.
 * Not a bean itself: {@link ArticleStorageProducer} builds it when {@code opad.storage.type=filesystem}.
 */
public class FilesystemArticleStorage implements ArticleStorage {

    private final Path root;

    public FilesystemArticleStorage(StorageConfig config) {
        this(config.dir());
    }

    public FilesystemArticleStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredObject put(String key, byte[] content, String contentType) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot write " + key, e);
        }
        return new StoredObject(key, contentType, content.length, Digests.sha256(content));
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("cannot read " + key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path dir = resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".upload-"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new StorageException("cannot delete " + key, e);
        }
    }

    /** Keys come from our own ids, but a key must never climb out of the data directory all the same. */
    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("storage key outside the data directory: " + key);
        }
        return path;
    }

    /** What this storage throws; callers that only care that storage failed catch {@link StorageUnavailableException}. */
    public static class StorageException extends StorageUnavailableException {
        public StorageException(String message, IOException cause) {
            super(message, cause);
        }
    }
}
