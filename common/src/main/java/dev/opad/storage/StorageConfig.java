package dev.opad.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where articles are stored; api and worker must be configured alike, since one writes what the other reads. */
@ConfigMapping(prefix = "opad.storage")
public interface StorageConfig {

    /** Which {@link ArticleStorage} the services use. */
    @WithDefault("filesystem")
    Type type();

    /** Root directory of the filesystem storage; api and worker must see the same one. */
    @WithDefault("data/storage")
    Path dir();

    S3 s3();

    enum Type {
        FILESYSTEM,
        S3
    }

    /** An S3-compatible bucket: Cloudflare R2, MinIO, AWS S3. */
    interface S3 {

        /** Unset for AWS itself; {@code https://<account>.r2.cloudflarestorage.com} for R2, the server's URL for MinIO. */
        Optional<URI> endpoint();

        /** R2 takes {@code auto}; AWS needs the bucket's real region. */
        @WithDefault("auto")
        String region();

        /** Required when {@link StorageConfig#type()} is {@code s3}. */
        Optional<String> bucket();

        /** With the secret, a fixed key pair; without both, the SDK's default chain (environment, profile, instance role). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: what MinIO and most self-hosted servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** The longest one storage call may take, the SDK's own retries included. */
        @WithDefault("30s")
        Duration timeout();
    }
}
