package dev.opad.api.schedule;

import dev.opad.api.problem.BadRequestProblem;

/** {@code ?limit=} of the "latest first" lists (runs, activity): 1–100, 20 when not given. */
public final class RecentLimit {

    static final int DEFAULT = 20;
    static final int MAX = 100;

    private RecentLimit() {
    }

    public static int parse(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestProblem("limit", "must be a whole number between 1 and " + MAX);
    }
}
