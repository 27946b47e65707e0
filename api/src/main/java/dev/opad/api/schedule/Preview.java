package dev.opad.api.schedule;

import java.util.List;

/** The next runs of a rule, each in the schedule's local time and in UTC, and the rule in words. */
public record Preview(String description, List<NextRun> nextRuns) {

    /** One run: {@code "2027-03-28T03:00:00+02:00"} and {@code "2027-03-28T01:00:00Z"}. */
    public record NextRun(String local, String utc) {
    }
}
