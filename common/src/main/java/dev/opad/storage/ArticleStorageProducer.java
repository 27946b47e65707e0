package dev.opad.storage;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * The one {@link ArticleStorage} bean, chosen by {@code opad.storage.type} at run time. It is created
 * at startup, so a misconfigured S3 bucket stops the service before it takes any work.
 */
@ApplicationScoped
public class ArticleStorageProducer {

    private static final Logger LOG = Logger.getLogger(ArticleStorageProducer.class);

    @Produces
    @ApplicationScoped
    @Startup
    ArticleStorage articleStorage(StorageConfig config) {
        return create(config);
    }

    void close(@Disposes ArticleStorage storage) {
        if (storage instanceof S3ArticleStorage s3) {
            s3.close();
        }
    }

    static ArticleStorage create(StorageConfig config) {
        return switch (config.type()) {
            case FILESYSTEM -> {
                LOG.infof("article storage: filesystem at %s", config.dir().toAbsolutePath().normalize());
                yield new FilesystemArticleStorage(config.dir());
            }
            case S3 -> {
                S3ArticleStorage storage = S3ArticleStorage.connect(config.s3());
                LOG.infof("article storage: S3 %s", storage.describe());
                yield storage;
            }
        };
    }
}
