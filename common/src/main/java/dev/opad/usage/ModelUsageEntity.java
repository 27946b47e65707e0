package dev.opad.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** One model call: who, for which job and stage, which model, how many tokens, what it cost. */
@Entity
@Table(name = "model_usage")
public class ModelUsageEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "article_id", nullable = false)
    public UUID articleId;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    public int attempt;
    public String stage;
    public String provider;
    public String model;

    @Column(name = "prompt_tokens")
    public int promptTokens;

    @Column(name = "completion_tokens")
    public int completionTokens;

    @Column(name = "total_tokens")
    public int totalTokens;

    /** Null when the model has no price in the table. */
    @Column(name = "cost_usd")
    public BigDecimal costUsd;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Of these users, those whose calls since midnight UTC used at least {@code budget} tokens; one query. */
    public static java.util.Set<UUID> spentToday(java.util.Collection<UUID> userIds, long budget) {
        Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
        return dev.opad.db.UuidQueries.idsAmong(getEntityManager(), """
                select user_id from model_usage
                where user_id = any(?::uuid[]) and created_at >= ?
                group by user_id having sum(total_tokens) >= ?""", userIds, statement -> {
                    statement.setTimestamp(2, java.sql.Timestamp.from(midnight));
                    statement.setLong(3, budget);
                });
    }

    /** Tokens the user's calls used since midnight UTC; what the daily budget counts. */
    public static long tokensToday(UUID userId) {
        Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
        Number sum = (Number) getEntityManager()
                .createQuery("select coalesce(sum(u.totalTokens), 0) from ModelUsageEntity u where u.userId = :user and u.createdAt >= :since")
                .setParameter("user", userId).setParameter("since", midnight).getSingleResult();
        return sum.longValue();
    }
}
