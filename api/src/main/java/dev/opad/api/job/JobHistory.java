package dev.opad.api.job;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.api.problem.NotFoundProblem;
import dev.opad.api.text.TextRules;
import dev.opad.job.JobEntity;
import dev.opad.job.JobEventEntity;
import dev.opad.job.JobEventType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code GET /jobs/{id}/events}: the job's history, oldest first, filtered. Owner only. */
@ApplicationScoped
public class JobHistory {

    static final int MAX_LIMIT = 500;
    private static final Set<String> LEVELS = Set.of("info", "warn", "error");
    private static final Set<String> TYPES = Arrays.stream(JobEventType.values()).map(JobEventType::wireName)
            .collect(Collectors.toCollection(TreeSet::new));
    private static final int MAX_STAGE_LENGTH = 40;

    public List<JobEventView> events(UUID caller, UUID jobId, String level, String type, String stage, String limit) {
        int max = parseLimit(limit);
        if (level != null && !level.isBlank() && !LEVELS.contains(level.strip())) {
            throw new BadRequestProblem("level", "must be one of info, warn, error");
        }
        if (type != null && !type.isBlank() && !TYPES.contains(type.strip())) {
            throw new BadRequestProblem("type", "must be one of " + String.join(", ", TYPES));
        }
        // Free text, compared for equality only; a NUL would reach Postgres, which refuses it (a 500).
        if (stage != null && (stage.length() > MAX_STAGE_LENGTH || !TextRules.isClean(stage))) {
            throw new BadRequestProblem("stage", "must be a stage name (at most " + MAX_STAGE_LENGTH + " plain characters)");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            JobEntity.<JobEntity>findByIdOptional(jobId).filter(j -> caller.equals(j.userId()))
                    .orElseThrow(() -> new NotFoundProblem("No job with id " + jobId));
            StringBuilder query = new StringBuilder("jobId = :job");
            Parameters parameters = Parameters.with("job", jobId);
            filter(query, parameters, "level", level);
            filter(query, parameters, "type", type);
            filter(query, parameters, "stage", stage);
            query.append(" order by occurredAt, eventId");
            return JobEventEntity.<JobEventEntity>find(query.toString(), parameters).range(0, max - 1)
                    .stream().map(JobEventView::of).toList();
        });
    }

    private static void filter(StringBuilder query, Parameters parameters, String field, String value) {
        if (value != null && !value.isBlank()) {
            query.append(" and ").append(field).append(" = :").append(field);
            parameters.and(field, value.strip());
        }
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 100;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequestProblem("limit", "must be a whole number between 1 and " + MAX_LIMIT);
    }
}
