package dev.opad.web.proxy;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One api resource the gateway serves under {@code /api}: its method, its path with {@code {id}} for
 * one path segment, whether it takes a JSON body, and which of the caller's headers go along besides
 * Authorization (always: the caller's own or the session cookie's token).
 *
 * @param renderedFrom for the one route the gateway answers itself: the api path whose Markdown it renders
 * @param streaming     a long-lived answer (Server-Sent Events): relayed on connections of its own, so open
 *                      streams never take the pool that ordinary calls share, with a longer idle limit
 */
record ApiRoute(HttpMethod method, String path, boolean jsonBody, List<String> forwardedHeaders, String renderedFrom,
                boolean streaming) {

    static final String ID = "{id}";

    ApiRoute {
        forwardedHeaders = List.copyOf(forwardedHeaders);
    }

    static ApiRoute get(String path) {
        return new ApiRoute(HttpMethod.GET, path, false, List.of(), null, false);
    }

    static ApiRoute delete(String path) {
        return new ApiRoute(HttpMethod.DELETE, path, false, List.of(), null, false);
    }

    static ApiRoute post(String path) {
        return new ApiRoute(HttpMethod.POST, path, false, List.of(), null, false);
    }

    /** A partial change: the body names only the fields that change (give it {@link #withJsonBody()}). */
    static ApiRoute patch(String path) {
        return new ApiRoute(HttpMethod.PATCH, path, false, List.of(), null, false);
    }

    /** The finished article as safe HTML, made here from the Markdown at {@code markdownPath}. */
    static ApiRoute rendered(String path, String markdownPath) {
        return new ApiRoute(HttpMethod.GET, path, false, List.of(), markdownPath, false);
    }

    /** JSON only: a browser sends a cross-site text/plain or form post without asking, JSON it does not. */
    ApiRoute withJsonBody() {
        return new ApiRoute(method, path, true, forwardedHeaders, renderedFrom, streaming);
    }

    ApiRoute forwarding(String header) {
        List<String> headers = new ArrayList<>(forwardedHeaders);
        headers.add(header);
        return new ApiRoute(method, path, jsonBody, headers, renderedFrom, streaming);
    }

    /** An event stream: see {@code streaming}. */
    ApiRoute asStream() {
        return new ApiRoute(method, path, jsonBody, forwardedHeaders, renderedFrom, true);
    }

    boolean isRendered() {
        return renderedFrom != null;
    }

    /** Whether {@code apiPath} (raw, as sent) is this route's path; an {@code {id}} is any one segment but . and .. */
    boolean matches(String apiPath) {
        String[] template = path.split("/", -1);
        String[] actual = apiPath.split("/", -1);
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean same = template[i].equals(ID)
                    ? !actual[i].isEmpty() && !actual[i].equals(".") && !actual[i].equals("..")
                    : template[i].equals(actual[i]);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** The api path this route reads: its own, or for a rendered route the Markdown's, with the same id. */
    String apiPathFor(String apiPath) {
        if (!isRendered()) {
            return apiPath;
        }
        int id = Arrays.asList(path.split("/", -1)).indexOf(ID);
        return renderedFrom.replace(ID, apiPath.split("/", -1)[id]);
    }
}
