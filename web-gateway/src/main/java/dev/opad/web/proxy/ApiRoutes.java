package dev.opad.web.proxy;

import static dev.opad.web.proxy.ApiRoute.delete;
import static dev.opad.web.proxy.ApiRoute.get;
import static dev.opad.web.proxy.ApiRoute.patch;
import static dev.opad.web.proxy.ApiRoute.post;
import static dev.opad.web.proxy.ApiRoute.rendered;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;

/**
 * Everything of the api the browser may reach through the gateway, in one table. Anything else under
 * {@code /api} is a 404 here (or a 405, for a known path and another method) and never reaches the api.
 * The api alone decides what each call accepts and answers, including who may see what.
 */
final class ApiRoutes {

    /** Makes creating an article, starting its generation or creating a schedule safe to repeat; the api checks the value. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    static final List<ApiRoute> ALL = List.of(
            post("/articles").withJsonBody().forwarding(IDEMPOTENCY_KEY),
            get("/articles"),
            get("/articles/{id}"),
            delete("/articles/{id}"),
            post("/articles/{id}/generate").forwarding(IDEMPOTENCY_KEY),
            get("/articles/{id}/content"),
            rendered("/articles/{id}/html", "/articles/{id}/content"),
            // Tokens and cost of the article's model calls; the caller's per day and stage, and today's budget.
            get("/articles/{id}/usage"),
            get("/usage/me"),
            // The operations view: the api answers 403 to anyone but an admin.
            get("/admin/overview"),
            get("/admin/stats"),
            get("/admin/workers"),
            get("/jobs"),
            get("/jobs/{id}"),
            // Cancel: 200 when the api cancelled the job at once, 202 when it told the job's worker to stop.
            post("/jobs/{id}/cancel"),
            post("/jobs/{id}/retry"),
            // Discards a failed or cancelled job.
            delete("/jobs/{id}"),
            get("/jobs/{id}/events"),
            // The job's status as Server-Sent Events; Last-Event-ID resumes after a reconnect.
            get("/jobs/{id}/events/stream").forwarding("Last-Event-ID").asStream(),
            // What was sent about the job (its callback_url's webhook and its endpoints'), and "send again" for one.
            get("/jobs/{id}/deliveries"),
            post("/jobs/{id}/deliveries/{id}/resend"),
            get("/auth/me"),
            // The caller's api tokens for scripts; the api shows a new token's secret once, in its answer.
            get("/auth/tokens"),
            post("/auth/tokens").withJsonBody(),
            delete("/auth/tokens/{id}"),
            // Webhooks for scripts: endpoints (the api shows a new secret once, in its answer), their delivery logs and
            // "send again", and the callback secret for generate's callback_url. The api checks the owner of each.
            post("/webhooks").withJsonBody(),
            get("/webhooks"),
            get("/webhooks/callback-secret"),
            post("/webhooks/callback-secret"),
            get("/webhooks/{id}"),
            patch("/webhooks/{id}").withJsonBody(),
            delete("/webhooks/{id}"),
            post("/webhooks/{id}/rotate-secret"),
            post("/webhooks/{id}/test"),
            get("/webhooks/{id}/deliveries"),
            post("/webhooks/{id}/deliveries/{id}/resend"),
            // Schedules: an article written again and again by a timing rule. The api checks the owner of each.
            post("/schedules").withJsonBody().forwarding(IDEMPOTENCY_KEY),
            get("/schedules"),
            // A rule's next runs and its description, saving nothing; a 400 names the rule's field at fault.
            post("/schedules/preview").withJsonBody(),
            get("/schedules/{id}"),
            patch("/schedules/{id}").withJsonBody(),
            // ?cancel_active=true (delete, pause) also stops the schedule's article being written.
            delete("/schedules/{id}"),
            post("/schedules/{id}/pause"),
            post("/schedules/{id}/resume"),
            // Run now: 202, or 409 while the last run is active, 429 when today's token budget is spent.
            post("/schedules/{id}/run"),
            get("/schedules/{id}/runs"),
            // What the caller's schedules and jobs did lately, newest first.
            get("/activity"),
            // Atom feeds: the secret in the URL is the credential, so a feed reader needs nothing else. A reader's
            // conditional GET goes along, and the api's ETag and Last-Modified come back, for its 304s.
            get("/feeds/{id}").forwarding("If-None-Match").forwarding("If-Modified-Since"),
            // The caller's feed, and a schedule's, get a new URL; the old one is a 404 from then on.
            post("/auth/feed/rotate"),
            post("/schedules/{id}/feed/rotate"),
            // The codes the UI shows (languages, levels, stages, job states): public, cached by its ETag.
            get("/meta").forwarding("If-None-Match"));

    private ApiRoutes() {
    }

    static Optional<ApiRoute> find(HttpMethod method, String apiPath) {
        return ALL.stream().filter(route -> route.method().equals(method) && route.matches(apiPath)).findFirst();
    }

    static boolean knows(String apiPath) {
        return ALL.stream().anyMatch(route -> route.matches(apiPath));
    }
}
