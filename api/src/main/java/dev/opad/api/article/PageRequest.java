package dev.opad.api.article;

import dev.opad.api.problem.BadRequestProblem;

/**
 * Paging parameters, parsed here rather than by JAX-RS, which would answer a non-number with a
 * puzzling 404. The offset ({@code page × size}) is bounded too: past it the list is better
 * narrowed with filters, a deep OFFSET makes Postgres walk every skipped row, and an unbounded
 * product overflows the int that JPA's first-result is.
 */
public record PageRequest(int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;
    /** Like Elasticsearch's {@code index.max_result_window}. */
    static final int MAX_OFFSET = 10_000;

    public static PageRequest parse(String page, String size) {
        int pageNumber = number("page", page, 0);
        int pageSize = number("size", size, DEFAULT_SIZE);
        if (pageNumber < 0) {
            throw new BadRequestProblem("page", "must be 0 or more");
        }
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new BadRequestProblem("size", "must be between 1 and " + MAX_SIZE);
        }
        if ((long) pageNumber * pageSize > MAX_OFFSET) {
            throw new BadRequestProblem("page", "page × size must be at most " + MAX_OFFSET
                    + " (with size " + pageSize + ", page at most " + MAX_OFFSET / pageSize + "); narrow the list with filters");
        }
        return new PageRequest(pageNumber, pageSize);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestProblem(name, "must be a whole number");
        }
    }
}
