package dev.opad.api.schedule;

import java.util.List;

/** {@code GET /schedules/{id}/runs}: a schedule's latest runs, newest slot first. */
public record RunList(List<RunView> items) {
}
