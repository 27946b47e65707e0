package dev.opad.api.job;

import dev.opad.api.problem.BadRequestProblem;
import dev.opad.job.JobEntity;
import dev.opad.job.JobState;
import dev.opad.job.JobStatusView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code GET /jobs}: a user's jobs, newest first; an admin sees everyone's (an operational view). */
@ApplicationScoped
public class JobListing {

    public record JobPage(List<JobStatusView> items, int page, int size, long total) {
    }

    public JobPage list(UUID caller, boolean admin, String status, int page, int size) {
        JobState state = parseState(status);
        StringBuilder query = new StringBuilder(admin ? "1 = 1" : "userId = :caller");
        Parameters parameters = admin ? new Parameters() : Parameters.with("caller", caller);
        if (state != null) {
            query.append(" and status = :status");
            parameters.and("status", state);
        }
        query.append(" order by createdAt desc, id");
        return QuarkusTransaction.requiringNew().call(() -> {
            var found = JobEntity.<JobEntity>find(query.toString(), parameters).page(Page.of(page, size));
            return new JobPage(found.stream().map(JobEntity::toStatusView).toList(), page, size, found.count());
        });
    }

    private static JobState parseState(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobState.fromWireName(status.strip());
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("status", "must be one of " + Arrays.stream(JobState.values())
                    .map(JobState::wireName).collect(Collectors.joining(", ")));
        }
    }
}
