package dev.opad.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where articles are stored; api and worker must be configured alike, since one writes what the other reads.
 * <p>
 * Each setting is also read from the environment under its derived name (opad.a.b-c: OPAD_A_B_C). A
 * default written {@code ${OPAD_NAME:value}} takes the variable README documents, else value; no file repeats it.
 */
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
        @WithDefault("${OPAD_S3_ENDPOINT:}")
        Optional<URI> endpoint();

        /** R2 takes {@code auto}; AWS needs the bucket's real region. */
        @WithDefault("${OPAD_S3_REGION:auto}")
        String region();

        /** Required when {@link StorageConfig#type()} is {@code s3}. */
        @WithDefault("${OPAD_S3_BUCKET:}")
        Optional<String> bucket();

        /** With the secret, a fixed key pair; without both, the SDK's default chain (environment, profile, instance role). */
        @WithDefault("${OPAD_S3_ACCESS_KEY_ID:}")
        Optional<String> accessKeyId();

        @WithDefault("${OPAD_S3_SECRET_ACCESS_KEY:}")
        Optional<String> secretAccessKey();

        /** {@code http://host/bucket/key} instead of {@code http://bucket.host/key}: what MinIO and most self-hosted servers need. */
        @WithDefault("${OPAD_S3_PATH_STYLE:false}")
        boolean pathStyle();

        /** The longest one storage call may take, the SDK's own retries included. */
        @WithDefault("30s")
        Duration timeout();
    }
}
