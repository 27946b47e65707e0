package dev.opad.worker.crew;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.opad.source.SourceUrlPolicy;
import dev.opad.worker.model.DemoChatModel;
import dev.opad.worker.model.StageModels;
import dev.opad.worker.search.WebSearch;
import dev.opad.worker.source.SourceFetcher;
import dev.opad.article.Language;
import dev.opad.worker.quality.Finding;
import dev.opad.worker.quality.GateInput;
import dev.opad.worker.quality.GateReport;
import dev.opad.worker.quality.GlossaryEntry;
import dev.opad.worker.quality.QualityGate;
import dev.opad.worker.quality.QualityGateFailedException;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The content crew: research, write, review, glossary — one langchain4j AI service per role — and
 * the quality gate, in code. An article the gate refuses gets one revision round with the findings;
 * if it still fails, the job fails for good, naming what failed. A stage whose output was
 * checkpointed by an earlier attempt is not run (nor paid for) again.
 */
@ApplicationScoped
public class ArticleCrew {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Checkpoint suffix of the stages run again in the revision round. */
    static final String REVISION = "-revision";

    private final ArticleResearcher researcher;
    private final ArticleWriter writer;
    private final ArticleReviewer reviewer;
    private final GlossaryMaker glossaryMaker;
    private final QualityGate gate;
    private final SourceFetcher fetcher;
    private final WebSearch search;
    /** Whether the review stage, which writes the text the gate checks, runs on the offline demo. */
    private final boolean demoReviewer;

    /** Each role on its stage's model: a cheap one for research, a strong one for writing, if so configured. */
    @Inject
    public ArticleCrew(StageModels models, QualityGate gate, SourceFetcher fetcher, WebSearch search) {
        this(models.forStage("research"), models.forStage("write"), models.forStage("review"), models.forStage("glossary"),
                gate, fetcher, search);
    }

    /** Every role on one model, no web search; pages are fetched under the standard (SSRF-safe) policy. */
    public ArticleCrew(ChatModel model, QualityGate gate) {
        this(model, gate, WebSearch.none());
    }

    /** Every role on one model, researching with {@code search} when the reader gave no source. */
    public ArticleCrew(ChatModel model, QualityGate gate, WebSearch search) {
        this(model, model, model, model, gate, new SourceFetcher(SourceUrlPolicy.standard()), search);
    }

    private ArticleCrew(ChatModel research, ChatModel write, ChatModel review, ChatModel glossary, QualityGate gate,
                        SourceFetcher fetcher, WebSearch search) {
        this.gate = gate;
        this.fetcher = fetcher;
        this.search = search;
        // The demo provider's model is a DemoChatModel (ChatModels.create): the provider decides, never the text.
        this.demoReviewer = review instanceof DemoChatModel;
        this.researcher = AiServices.create(ArticleResearcher.class, research);
        this.writer = AiServices.create(ArticleWriter.class, write);
        this.reviewer = AiServices.create(ArticleReviewer.class, review);
        this.glossaryMaker = AiServices.create(GlossaryMaker.class, glossary);
    }

    public CrewResult write(ArticleRequest request, StageListener listener) {
        return write(request, Map.of(), listener);
    }

    /**
     * The stage {@link #write} starts first given {@code checkpoints}: the first of the four not checkpointed, or
     * none when all are (the quality gate comes first then). Its start may be written with the job's.
     */
    public static Optional<CrewStage> firstStage(Map<String, String> checkpoints) {
        return Stream.of(CrewStage.RESEARCHING, CrewStage.WRITING, CrewStage.REVIEWING, CrewStage.GLOSSARY)
                .filter(stage -> !checkpoints.containsKey(stage.wireName())).findFirst();
    }

    /** Runs the stages not in {@code checkpoints} (stage name → output of an earlier attempt). */
    public CrewResult write(ArticleRequest request, Map<String, String> checkpoints, StageListener listener) {
        List<StageReport> reports = new ArrayList<>();
        Run run = new Run(checkpoints, listener, reports);
        String language = request.language();
        String level = request.level();
        String topic = request.topic();
        int length = request.length();
        // A fetched page or search result is not checkpointed: the notes made from it are, with the
        // source line, so a resumed job neither fetches nor searches again.
        ResearchSource.Notes research = ResearchSource.Notes.fromCheckpoint(run.stage(CrewStage.RESEARCHING, "",
                () -> research(request), CrewStage.WRITING), ResearchSource.lineFor(request));
        String notes = research.notes();
        String draft = run.stage(CrewStage.WRITING, "",
                () -> writer.write(language, level, length, topic, research.line(), request.earlierTitlesLine(), notes),
                CrewStage.REVIEWING);
        String reviewed = MarkdownText.clean(run.stage(CrewStage.REVIEWING, "",
                () -> reviewer.review(language, level, length, topic, "none", draft), CrewStage.GLOSSARY));
        List<GlossaryEntry> glossary = parseGlossary(run.stage(CrewStage.GLOSSARY, "",
                () -> glossaryMaker.glossary(language, level, reviewed), null));
        GateReport report = check(request, reviewed, glossary);
        String text = reviewed;
        if (!report.passed()) {
            // One revision round with the gate's findings, then the verdict stands.
            String instructions = report.revisionInstructions();
            String revised = MarkdownText.clean(run.stage(CrewStage.REVIEWING, REVISION,
                    () -> reviewer.review(language, level, length, topic, instructions, reviewed), CrewStage.GLOSSARY));
            glossary = parseGlossary(run.stage(CrewStage.GLOSSARY, REVISION,
                    () -> glossaryMaker.glossary(language, level, revised), null));
            report = check(request, revised, glossary);
            if (!report.passed()) {
                throw new QualityGateFailedException(report);
            }
            text = revised;
        }
        return new CrewResult(text, MarkdownText.title(text).orElse(topic), report.wordCount(),
                run.modelName, research.line(), glossary, report, List.copyOf(reports));
    }

    /** Gathers the source (only now, so a resumed job skips it) and the model's notes on it, as one checkpoint. */
    private Result<String> research(ArticleRequest request) {
        ResearchSource source = ResearchSource.of(request, fetcher, search);
        Result<String> notes = researcher.research(request.language(), request.level(), request.length(),
                request.topic(), source.material());
        return Result.<String>builder()
                .content(new ResearchSource.Notes(source.line(), notes.content()).checkpoint())
                .tokenUsage(notes.tokenUsage())
                .finalResponse(notes.finalResponse())
                .build();
    }

    private GateReport check(ArticleRequest request, String markdown, List<GlossaryEntry> glossary) {
        Language language = Language.parse(request.language()).orElse(Language.ENGLISH);
        GateReport report = gate.check(new GateInput(language, request.length(), request.level(), markdown, glossary));
        boolean standIn = demoReviewer && !DemoChatModel.writes(request.language()) && DemoChatModel.isLabelledStandIn(markdown);
        return report.passed() || !standIn ? report : toleratingLanguage(report);
    }

    /**
     * The offline demo writes four languages and says so in the text when asked for another; its
     * English stand-in keeps the language finding in the report but is not failed for it. Only the
     * demo provider's text for such a language, and only when labelled so: any other text, including
     * a real model's that quotes the demo's notice, gets the full language check.
     */
    private static GateReport toleratingLanguage(GateReport report) {
        boolean onlyLanguage = report.findings().stream().allMatch(f -> Finding.LANGUAGE.equals(f.code()));
        return onlyLanguage ? new GateReport(true, report.detectedLanguage(), report.languageConfidence(),
                report.wordCount(), report.requestedLength(), report.findings()) : report;
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
        /** The stage whose start the listener was told with the previous stage's end. */
        private CrewStage startedAhead;

        Run(Map<String, String> checkpoints, StageListener listener, List<StageReport> reports) {
            this.checkpoints = checkpoints;
            this.listener = listener;
            this.reports = reports;
        }

        /**
         * Runs a stage unless checkpointed; {@code round} tells the revision round's outputs apart. {@code then} is
         * the stage that follows at once (null when something else comes first), whose start the listener is told
         * with this one's end: a stage that ran leaves the ones after it without checkpoints.
         */
        String stage(CrewStage stage, String round, Supplier<Result<String>> call, CrewStage then) {
            String key = stage.wireName() + round;
            Optional<String> saved = Optional.ofNullable(checkpoints.get(key));
            if (saved.isPresent()) {
                reports.add(StageReport.resumed(stage));
                return saved.get();
            }
            if (startedAhead != stage) {
                listener.started(stage);
            }
            startedAhead = null;
            Instant startedAt = Instant.now();
            Result<String> result = call.get();
            TokenUsage usage = result.tokenUsage();
            reports.add(StageReport.of(stage, startedAt,
                    usage == null ? null : usage.inputTokenCount(), usage == null ? null : usage.outputTokenCount()));
            String answeredBy = result.finalResponse() == null ? null : result.finalResponse().modelName();
            if (answeredBy != null) {
                modelName = answeredBy;
            }
            listener.called(stage, answeredBy, usage == null ? null : usage.inputTokenCount(),
                    usage == null ? null : usage.outputTokenCount(), Duration.between(startedAt, Instant.now()));
            if (then == null || checkpoints.containsKey(then.wireName() + round)) {
                listener.finished(stage, key, result.content());
            } else {
                listener.finishedThenStarted(stage, key, result.content(), then);
                startedAhead = then;
            }
            return result.content();
        }
    }
}
