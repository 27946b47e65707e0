package dev.opad.api.activity;

import dev.opad.article.ArticleEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A user's recent activity in one list: every run of their schedules (skipped ones too) and the jobs
 * they queued themselves, i.e. for articles no schedule ordered. A job a schedule ordered appears
 * once, as its run; once the schedule is deleted its articles belong to no series and its jobs
 * appear as jobs. One query, each half read through its own index by user and time.
 */
@ApplicationScoped
public class ActivityFeed {

    public ActivityList latest(UUID owner, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> ArticleEntity.getEntityManager()
                .createNativeQuery("""
                        (select 'schedule_run', r.fired_at, r.schedule_id, s.name, r.job_id, r.article_id,
                                coalesce(a.title, a.topic), r.outcome, r.skip_reason, r.id
                           from schedule_runs r
                           join schedules s on s.id = r.schedule_id
                           left join articles a on a.id = r.article_id
                          where r.user_id = :owner
                          order by r.fired_at desc limit :limit)
                        union all
                        (select 'job', j.created_at, null, null, j.id, j.article_id,
                                coalesce(a.title, a.topic), j.status, null, j.id
                           from jobs j
                           join articles a on a.id = j.article_id
                          where j.user_id = :owner and a.schedule_id is null
                          order by j.created_at desc limit :limit)
                        order by 2 desc, 10
                        limit :limit""")
                .setParameter("owner", owner).setParameter("limit", limit).getResultList());
        return new ActivityList(rows.stream().map(ActivityFeed::item).toList());
    }

    private static ActivityItem item(Object[] row) {
        return new ActivityItem((String) row[0], instant(row[1]), (UUID) row[2], (String) row[3], (UUID) row[4],
                (UUID) row[5], (String) row[6], (String) row[7], (String) row[8]);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("a timestamptz read as " + value.getClass());
        };
    }
}
