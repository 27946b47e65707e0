package dev.opad.worker.model;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.opad.worker.model.ModelConfig.Provider;
import dev.opad.worker.trace.ModelCallSpans;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Which model answers each stage of the crew. {@code opad.model.stages.<stage>.provider} and
 * {@code .model} override the default provider and model for one stage; stages that choose the same
 * provider and model share one {@link ChatModel}. Every model is built at startup, so a missing API
 * key or a misspelt stage stops the worker before it takes a job rather than failing each job.
 */
@Startup
@ApplicationScoped
public class StageModels {

    /** The stages that can be configured; asking for any other stage gets the default model. */
    public static final Set<String> STAGES = Set.of("research", "write", "review", "glossary");

    private static final Logger LOG = Logger.getLogger(StageModels.class);

    private final ModelChoice defaultChoice;
    private final Map<String, ModelChoice> choices;
    private final Map<ModelChoice, ChatModel> models;

    /** Models without a span per call (tests that only ask which model a stage gets). */
    public StageModels(ModelConfig config) {
        this(config, choice -> List.of());
    }

    @Inject
    public StageModels(ModelConfig config, ModelCallSpans spans) {
        this(config, choice -> List.of(spans.listenerFor(choice)));
    }

    private StageModels(ModelConfig config, Function<ModelChoice, List<ChatModelListener>> listeners) {
        rejectUnknownStages(config.stages().keySet());
        this.defaultChoice = ChatModels.defaultChoice(config);
        Map<String, ModelChoice> byStage = new LinkedHashMap<>();
        for (String stage : new TreeSet<>(STAGES)) {
            byStage.put(stage, choose(config, stage, Optional.ofNullable(config.stages().get(stage))));
        }
        this.choices = Map.copyOf(byStage);
        Map<ModelChoice, ChatModel> built = new HashMap<>();
        built.put(defaultChoice, ChatModels.create(config, defaultChoice, listeners.apply(defaultChoice)));
        byStage.values().forEach(choice -> built.computeIfAbsent(choice, c -> ChatModels.create(config, c, listeners.apply(c))));
        this.models = Map.copyOf(built);
        log(config, byStage);
    }

    /** The model that answers {@code stage}. */
    public ChatModel forStage(String stage) {
        return models.get(choice(stage));
    }

    /** {@code provider/model} of {@code stage}, such as {@code openai/gpt-4o}, for article.json. */
    public String describe(String stage) {
        return choice(stage).describe();
    }

    /** Provider and model of {@code stage}; the default for a stage nobody configured. */
    public ModelChoice choice(String stage) {
        return stage == null ? defaultChoice : choices.getOrDefault(stage.toLowerCase(Locale.ROOT), defaultChoice);
    }

    /** The model of {@code opad.model.provider}, for code that does not ask per stage. */
    public ChatModel defaultModel() {
        return models.get(defaultChoice);
    }

    /** Provider and model of {@code opad.model.provider}. */
    public ModelChoice defaultChoice() {
        return defaultChoice;
    }

    /**
     * The stage's own provider and model, each falling back to the default. A model name alone keeps
     * the default provider; a provider alone brings its configured model. The demo has only one model.
     */
    private static ModelChoice choose(ModelConfig config, String name, Optional<ModelConfig.Stage> stage) {
        Provider provider = stage.flatMap(ModelConfig.Stage::provider).orElse(config.provider());
        Optional<String> model = stage.flatMap(ModelConfig.Stage::model).map(String::strip).filter(m -> !m.isEmpty());
        if (provider == Provider.DEMO) {
            model.ifPresent(m -> LOG.warnf("stage %s names the model %s, but its provider is the demo, which has "
                    + "only %s; set its provider too", name, m, DemoChatModel.MODEL_NAME));
            return new ModelChoice(provider, DemoChatModel.MODEL_NAME);
        }
        return new ModelChoice(provider, model.orElseGet(() -> ChatModels.configuredModel(config, provider)));
    }

    /** A misspelt stage would otherwise be ignored in silence and run on the wrong model. */
    private static void rejectUnknownStages(Set<String> configured) {
        Set<String> unknown = new TreeSet<>(configured);
        unknown.removeAll(STAGES);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("opad.model.stages names unknown stages " + unknown
                    + "; the stages are " + new TreeSet<>(STAGES));
        }
    }

    private void log(ModelConfig config, Map<String, ModelChoice> byStage) {
        LOG.infof("content crew uses %s", ChatModels.describe(config, defaultChoice));
        byStage.forEach((stage, choice) -> {
            if (!choice.equals(defaultChoice)) {
                LOG.infof("stage %s uses %s", stage, ChatModels.describe(config, choice));
            }
        });
    }
}
