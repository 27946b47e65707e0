package dev.opad.api.schedule;

import java.util.List;

/** {@code GET /schedules}: the caller's schedules, newest first. */
public record ScheduleList(List<ScheduleView> items) {
}
