package dev.opad.worker.crew;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.opad.worker.quality.GlossaryEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The content crew: research, write, review, glossary — one langchain4j AI service per role. A stage
 * whose output was checkpointed by an earlier attempt is not run (nor paid for) again.
 */
@ApplicationScoped
public class ArticleCrew {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArticleResearcher researcher;
    private final ArticleWriter writer;
    private final ArticleReviewer reviewer;
    private final GlossaryMaker glossaryMaker;

    public ArticleCrew(ChatModel model) {
        this.researcher = AiServices.create(ArticleResearcher.class, model);
        this.writer = AiServices.create(ArticleWriter.class, model);
        this.reviewer = AiServices.create(ArticleReviewer.class, model);
        this.glossaryMaker = AiServices.create(GlossaryMaker.class, model);
    }

    public CrewResult write(ArticleRequest request, StageListener listener) {
        return write(request, Map.of(), listener);
    }

    /** Runs the stages not in {@code checkpoints} (stage name → output of an earlier attempt). */
    public CrewResult write(ArticleRequest request, Map<String, String> checkpoints, StageListener listener) {
        List<StageReport> reports = new ArrayList<>();
        Run run = new Run(checkpoints, listener, reports);
        String language = request.language();
        String level = request.level();
        String topic = request.topic();
        int length = request.length();
        ResearchSource source = ResearchSource.of(request);

        String notes = run.stage(CrewStage.RESEARCHING,
                () -> researcher.research(language, level, length, topic, source.material()));
        String draft = run.stage(CrewStage.WRITING,
                () -> writer.write(language, level, length, topic, source.line(), notes));
        String reviewed = MarkdownText.clean(run.stage(CrewStage.REVIEWING,
                () -> reviewer.review(language, level, length, topic, "none", draft)));
        String glossaryJson = run.stage(CrewStage.GLOSSARY,
                () -> glossaryMaker.glossary(language, level, reviewed));

        return new CrewResult(reviewed, MarkdownText.title(reviewed).orElse(topic), MarkdownText.wordCount(reviewed),
                run.modelName, source.line(), parseGlossary(glossaryJson), List.copyOf(reports));
    }

    /** The glossary as the model gave it; unreadable JSON is left to the quality gate to report. */
    static List<GlossaryEntry> parseGlossary(String json) {
        try {
            return JSON.readValue(MarkdownText.clean(json), new TypeReference<List<GlossaryEntry>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** One pass through the stages, remembering reports and the model that answered. */
    private static final class Run {
        private final Map<String, String> checkpoints;
        private final StageListener listener;
        private final List<StageReport> reports;
        private String modelName;

        Run(Map<String, String> checkpoints, StageListener listener, List<StageReport> reports) {
            this.checkpoints = checkpoints;
            this.listener = listener;
            this.reports = reports;
        }

        String stage(CrewStage stage, Supplier<Result<String>> call) {
            Optional<String> saved = Optional.ofNullable(checkpoints.get(stage.wireName()));
            if (saved.isPresent()) {
                reports.add(StageReport.resumed(stage));
                return saved.get();
            }
            listener.started(stage);
            Instant startedAt = Instant.now();
            Result<String> result = call.get();
            TokenUsage usage = result.tokenUsage();
            reports.add(StageReport.of(stage, startedAt,
                    usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount()));
            if (result.finalResponse() != null && result.finalResponse().modelName() != null) {
                modelName = result.finalResponse().modelName();
            }
            listener.finished(stage, result.content());
            return result.content();
        }
    }
}
