package dev.opad.api.article;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.source.SourceUrlCheck;
import dev.opad.source.SourceUrlPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The source a learner names for an article or a schedule: pasted text or a public web page, not both.
 * A source URL must be a public http(s) page: no loopback, private, link-local or metadata address,
 * also not behind a name or an odd IP spelling. Refused here, before any fetch; the worker checks
 * again when it fetches. The check may look the name up in DNS (up to two seconds), so callers run
 * it before their transaction.
 */
@ApplicationScoped
public class SourceChecks {

    private final SourceUrlPolicy policy;

    public SourceChecks(SourceUrlPolicy policy) {
        this.policy = policy;
    }

    /** Blank values count as none. */
    public void check(String sourceUrl, String sourceText) {
        String url = blankToNull(sourceUrl);
        if (url == null) {
            return;
        }
        if (blankToNull(sourceText) != null) {
            throw new BadRequestProblem("source_url", "give either source_text or source_url, not both");
        }
        if (policy.check(url) instanceof SourceUrlCheck.Refused refused) {
            throw new BadRequestProblem("source_url", refused.reason());
        }
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
