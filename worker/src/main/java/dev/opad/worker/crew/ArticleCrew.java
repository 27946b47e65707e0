package dev.opad.worker.crew;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The content crew: plan, write, review, one langchain4j AI service per role. */
@ApplicationScoped
public class ArticleCrew {

    private final ArticlePlanner planner;
    private final ArticleWriter writer;
    private final ArticleReviewer reviewer;

    public ArticleCrew(ChatModel model) {
        this.planner = AiServices.create(ArticlePlanner.class, model);
        this.writer = AiServices.create(ArticleWriter.class, model);
        this.reviewer = AiServices.create(ArticleReviewer.class, model);
    }

    public CrewResult write(ArticleRequest request, StageListener listener) {
        List<StageReport> reports = new ArrayList<>();
        String language = request.language();
        String level = request.level();
        String topic = request.topic();
        int length = request.length();

        Result<String> outline = stage(CrewStage.PLANNING, listener, reports,
                () -> planner.plan(language, level, length, topic));
        Result<String> draft = stage(CrewStage.WRITING, listener, reports,
                () -> writer.write(language, level, length, topic, outline.content()));
        Result<String> reviewed = stage(CrewStage.REVIEWING, listener, reports,
                () -> reviewer.review(language, level, length, topic, draft.content()));

        String markdown = MarkdownText.clean(reviewed.content());
        String modelName = reviewed.finalResponse() == null ? null : reviewed.finalResponse().modelName();
        return new CrewResult(markdown, MarkdownText.title(markdown).orElse(topic), MarkdownText.wordCount(markdown),
                modelName, List.copyOf(reports));
    }

    private static Result<String> stage(CrewStage stage, StageListener listener, List<StageReport> reports,
                                        Supplier<Result<String>> call) {
        listener.started(stage);
        Instant startedAt = Instant.now();
        Result<String> result = call.get();
        TokenUsage usage = result.tokenUsage();
        reports.add(StageReport.of(stage, startedAt,
                usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount()));
        listener.finished(stage);
        return result;
    }
}
