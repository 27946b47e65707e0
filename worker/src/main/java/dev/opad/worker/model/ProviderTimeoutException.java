package dev.opad.worker.model;

import dev.langchain4j.exception.TimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** The model provider did not connect or answer within the configured deadline, which this remembers. */
public final class ProviderTimeoutException extends TimeoutException {

    private final Duration timeout;
    private final boolean connecting;

    public ProviderTimeoutException(Duration timeout, boolean connecting, HttpTimeoutException cause) {
        super((connecting ? "no connection to the model provider" : "no answer from the model provider")
                + (timeout == null ? "" : " within " + timeout), cause);
        this.timeout = timeout;
        this.connecting = connecting;
    }

    /** The deadline that passed, if one was configured. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** True if even the connection was not made in time; false if the answer was late. */
    public boolean connecting() {
        return connecting;
    }
}
