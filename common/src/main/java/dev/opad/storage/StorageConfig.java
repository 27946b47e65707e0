package dev.opad.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

@ConfigMapping(prefix = "opad.storage")
public interface StorageConfig {

    /** Root directory of the filesystem storage; api and worker must see the same one. */
    @WithDefault("data/storage")
    Path dir();
}
