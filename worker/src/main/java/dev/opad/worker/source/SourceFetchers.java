package dev.opad.worker.source;

import dev.opad.source.SourceConfig;
import dev.opad.source.SourceUrlPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The fetcher the research stage reads a user's source with, checked by the same policy as the api. */
public class SourceFetchers {

    @Produces
    @Singleton
    SourceFetcher sourceFetcher(SourceUrlPolicy policy, SourceConfig config) {
        return new SourceFetcher(policy, SourceFetcher.Limits.from(config.fetch()));
    }
}
