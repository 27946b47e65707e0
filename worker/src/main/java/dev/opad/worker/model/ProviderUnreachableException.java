package dev.opad.worker.model;

import dev.langchain4j.exception.RetriableException;
import java.io.IOException;

/**
 * The exchange with the model provider failed below HTTP: refused or reset connection, unknown host,
 * a connection closed mid-answer. langchain4j's own JDK client throws a bare {@code RuntimeException} here.
 */
public final class ProviderUnreachableException extends RetriableException {

    private final String authority;

    public ProviderUnreachableException(String authority, IOException cause) {
        super("cannot talk to the model provider at " + authority + ": " + cause, cause);
        this.authority = authority;
    }

    /** {@code host:port} of the provider, never the path or query (which could carry a key). */
    public String authority() {
        return authority;
    }
}
