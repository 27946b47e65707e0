package dev.opad.api.webhook;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.source.SourceUrlCheck;
import dev.opad.webhook.WebhookCallbackSecretEntity;
import dev.opad.webhook.WebhookUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A URL opad is asked to call, refused at once in plain words when the webhook URL policy would refuse it at send
 * time (the sender checks again before every try). The check may look the name up in DNS (up to the policy's time
 * limit), so callers run it before their transaction.
 */
@ApplicationScoped
public class WebhookUrlChecks {

    private final WebhookUrlPolicy policy;

    public WebhookUrlChecks(WebhookUrlPolicy policy) {
        this.policy = policy;
    }

    /** The URL as given, without surrounding blanks; a 400 naming {@code field} when the policy refuses it. */
    public String checked(String field, String url) {
        if (policy.check(url) instanceof SourceUrlCheck.Refused refused) {
            throw new BadRequestProblem(field, refused.reason());
        }
        return url.strip();
    }

    /**
     * A one-off callback is signed with the account's callback secret; without one nothing could sign it, so the
     * order is refused rather than a delivery failed later. Joins the caller's transaction.
     */
    public static void requireCallbackSecret(UUID owner) {
        if (WebhookCallbackSecretEntity.findById(owner) == null) {
            throw new BadRequestProblem("callback_url", "needs a callback secret to sign the call with, and the account"
                    + " has none yet: create one first (POST /webhooks/callback-secret, or Account → Webhooks)");
        }
    }
}
