package dev.opad.api.activity;

import java.util.List;

/** {@code GET /activity}: the caller's latest activity, newest first. */
public record ActivityList(List<ActivityItem> items) {
}
