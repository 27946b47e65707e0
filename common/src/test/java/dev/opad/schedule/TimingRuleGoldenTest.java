package dev.opad.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The runs around each kind of clock change and month end, written out by hand (UTC, from the tz
 * database's dates for 2027–2028). {@link TimingRuleOracleTest} checks every other run.
 */
class TimingRuleGoldenTest {

    @ParameterizedTest(name = "{0} {1} {2} from {5}")
    @CsvSource(delimiter = '|', textBlock = """
        # zone             | frequency     | time  | day    | cron            | from                 | the next runs, UTC
        # Berlin springs forward 2027-03-28 02:00 → 03:00: 02:30 runs at 03:00 CEST; hourly skips 02:30
        Europe/Berlin      | daily         | 02:30 |        |                 | 2027-03-27T12:00:00Z | 2027-03-28T01:00:00Z 2027-03-29T00:30:00Z
        Europe/Berlin      | hourly        | 00:30 |        |                 | 2027-03-28T00:00:00Z | 2027-03-28T00:30:00Z 2027-03-28T01:30:00Z 2027-03-28T02:30:00Z
        # Berlin falls back 2027-10-31 03:00 → 02:00: 02:30 runs once, at its first pass; hourly runs both
        Europe/Berlin      | daily         | 02:30 |        |                 | 2027-10-30T12:00:00Z | 2027-10-31T00:30:00Z 2027-11-01T01:30:00Z
        Europe/Berlin      | hourly        | 00:30 |        |                 | 2027-10-30T23:00:00Z | 2027-10-30T23:30:00Z 2027-10-31T00:30:00Z 2027-10-31T01:30:00Z 2027-10-31T02:30:00Z
        Europe/Berlin      | cron          |       |        | 30 2 * * *      | 2027-03-27T12:00:00Z | 2027-03-28T01:00:00Z 2027-03-29T00:30:00Z
        # New York springs forward 2027-03-14 02:00 → 03:00 and falls back 2027-11-07 02:00 → 01:00;
        # every 3 hours: 01:30 EST, then 04:30 EDT two real hours later
        America/New_York   | daily         | 02:30 |        |                 | 2027-03-13T12:00:00Z | 2027-03-14T07:00:00Z 2027-03-15T06:30:00Z
        America/New_York   | daily         | 01:30 |        |                 | 2027-11-06T12:00:00Z | 2027-11-07T05:30:00Z 2027-11-08T06:30:00Z
        America/New_York   | hourly        | 00:30 |        |                 | 2027-11-07T04:00:00Z | 2027-11-07T04:30:00Z 2027-11-07T05:30:00Z 2027-11-07T06:30:00Z 2027-11-07T07:30:00Z
        America/New_York   | every_3_hours | 01:30 |        |                 | 2027-03-14T05:00:00Z | 2027-03-14T06:30:00Z 2027-03-14T08:30:00Z 2027-03-14T11:30:00Z
        # Lord Howe moves by 30 minutes: forward 2027-10-03 02:00 → 02:30 (+10:30 → +11), back 2027-04-04 02:00 → 01:30;
        # hourly at :15 has no 02:15 that day, hourly at :45 runs twice at 01:45
        Australia/Lord_Howe| daily         | 02:15 |        |                 | 2027-10-02T00:00:00Z | 2027-10-02T15:30:00Z 2027-10-03T15:15:00Z
        Australia/Lord_Howe| hourly        | 00:45 |        |                 | 2027-04-03T14:00:00Z | 2027-04-03T14:45:00Z 2027-04-03T15:15:00Z 2027-04-03T16:15:00Z
        Australia/Lord_Howe| hourly        | 00:15 |        |                 | 2027-10-02T14:30:00Z | 2027-10-02T14:45:00Z 2027-10-02T16:15:00Z
        # Troll moves by 2 hours: 2027-03-28 01:00 UTC local 01:00 → 03:00, 2027-10-31 01:00 UTC local 03:00 → 01:00
        Antarctica/Troll   | daily         | 02:00 |        |                 | 2027-03-27T12:00:00Z | 2027-03-28T01:00:00Z 2027-03-29T00:00:00Z
        Antarctica/Troll   | daily         | 01:30 |        |                 | 2027-10-30T12:00:00Z | 2027-10-30T23:30:00Z 2027-11-01T01:30:00Z
        Antarctica/Troll   | hourly        | 00:30 |        |                 | 2027-10-30T22:00:00Z | 2027-10-30T22:30:00Z 2027-10-30T23:30:00Z 2027-10-31T00:30:00Z 2027-10-31T01:30:00Z 2027-10-31T02:30:00Z
        # Seoul keeps +09:00; month ends and 29 February
        Asia/Seoul         | daily         | 07:00 |        |                 | 2027-06-01T00:00:00Z | 2027-06-01T22:00:00Z
        Asia/Seoul         | monthly       | 07:00 | 31     |                 | 2028-01-31T00:00:00Z | 2028-02-28T22:00:00Z 2028-03-30T22:00:00Z 2028-04-29T22:00:00Z
        Asia/Seoul         | monthly       | 07:00 | 30     |                 | 2027-01-31T00:00:00Z | 2027-02-27T22:00:00Z 2027-03-29T22:00:00Z
        Asia/Seoul         | monthly       | 07:00 | last   |                 | 2027-01-31T00:00:00Z | 2027-02-27T22:00:00Z 2027-03-30T22:00:00Z 2027-04-29T22:00:00Z
        Asia/Seoul         | cron          |       |        | 0 9 29 2 *      | 2027-01-01T00:00:00Z | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z
        Asia/Seoul         | weekly        | 07:00 | monday |                 | 2027-12-29T00:00:00Z | 2028-01-02T22:00:00Z 2028-01-09T22:00:00Z
        """)
    void runsAroundClockChangesAndMonthEnds(String zone, String frequency, String time, String day, String cron,
            String from, String expected) {
        RuleSpec spec = switch (frequency) {
            case "weekly" -> new RuleSpec(frequency, time, zone, day, null, null);
            case "monthly" -> new RuleSpec(frequency, time, zone, null, day, null);
            default -> new RuleSpec(frequency, time, zone, null, null, cron);
        };
        List<Instant> runs = Arrays.stream(expected.split(" ")).map(Instant::parse).toList();
        TimingRule rule = TimingRules.parse(spec, Instant.parse(from));
        assertEquals(runs, rule.nextRuns(Instant.parse(from), runs.size()));
    }

    @ParameterizedTest(name = "{6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        sometimes      | 07:00 | Europe/Berlin | -        | -     | -              | rule.frequency
        -              | 07:00 | Europe/Berlin | -        | -     | -              | rule.frequency
        daily          | 25:00 | Europe/Berlin | -        | -     | -              | rule.time
        daily          | 7am   | Europe/Berlin | -        | -     | -              | rule.time
        daily          | 07:00 | Mars/Olympus  | -        | -     | -              | rule.timezone
        daily          | 07:00 | -             | -        | -     | -              | rule.timezone
        weekly         | 07:00 | Europe/Berlin | -        | -     | -              | rule.day_of_week
        weekly         | 07:00 | Europe/Berlin | someday  | -     | -              | rule.day_of_week
        monthly        | 07:00 | Europe/Berlin | -        | 32    | -              | rule.day_of_month
        monthly        | 07:00 | Europe/Berlin | -        | first | -              | rule.day_of_month
        cron           | -     | Europe/Berlin | -        | -     | */15 * * * *   | rule.cron
        cron           | -     | Europe/Berlin | -        | -     | 0,30 9 * * *   | rule.cron
        cron           | -     | Europe/Berlin | -        | -     | 0 0 30 2 *     | rule.cron
        cron           | -     | Europe/Berlin | -        | -     | 0 0 * *        | rule.cron
        cron           | -     | Europe/Berlin | -        | -     | 0 25 * * *     | rule.cron
        cron           | -     | Europe/Berlin | -        | -     | -              | rule.cron
        """)
    void refusesWhatCannotRunOrRunsTooOftenNamingTheField(String frequency, String time, String zone, String dayOfWeek,
            String dayOfMonth, String cron, String field) {
        RuleSpec spec = new RuleSpec(frequency, time, zone, dayOfWeek, dayOfMonth, cron);
        InvalidRuleException refused = assertThrows(InvalidRuleException.class,
                () -> TimingRules.parse(spec, Instant.parse("2027-01-01T00:00:00Z")));
        assertEquals(field, refused.field(), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        every_3_hours | 01:30 | Asia/Seoul    | every 3 hours at 01:30, 04:30, … 22:30 (Asia/Seoul)
        hourly        | 07:15 | Europe/Berlin | every hour at :15 (Europe/Berlin)
        daily         | 07:00 | Europe/Berlin | every day at 07:00 (Europe/Berlin)
        """)
    void describesTheRuleInWords(String frequency, String time, String zone, String words) {
        TimingRule rule = TimingRules.parse(new RuleSpec(frequency, time, zone, null, null, null), Instant.EPOCH);
        assertEquals(words, rule.describe());
    }
}
