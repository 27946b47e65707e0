package dev.opad.web.client;

/** The api could not be reached at all (refused, timed out, reset), as opposed to answering with an error. */
public class ApiUnreachableException extends RuntimeException {

    public ApiUnreachableException(Throwable cause) {
        super("The opad API is not reachable", cause);
    }
}
