package dev.opad.worker.model;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The offline default: a real {@link ChatModel} that needs no network and no API key. It reads the
 * crew's prompt (stage, language, level, length, topic, outline or draft) and composes a readable
 * article from templates, and it says in the text and in its model name that it is a demo.
 */
public final class DemoChatModel implements ChatModel {

    public static final String MODEL_NAME = "opad-demo";
    public static final String NOTICE = "Demo article: composed by opad's offline demo model from templates, "
            + "not written by a language model. Set OPAD_MODEL_PROVIDER=openai or anthropic to use a real model.";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Duration delay;
    private final List<ChatModelListener> listeners;

    /** Whether the demo composes articles in {@code language}; for any other it writes a labelled English stand-in. */
    public static boolean writes(String language) {
        return DemoTexts.writes(language);
    }

    /** Whether a text carries the label of the demo's English stand-in (anyone can copy it: ask the provider first). */
    public static boolean isLabelledStandIn(String markdown) {
        return markdown.contains(NOTICE) && markdown.contains(DemoTexts.FALLBACK_NOTE);
    }

    public DemoChatModel(Duration delay) {
        this(delay, List.of());
    }

    /** With listeners told of each call, as langchain4j's own models tell theirs. */
    public DemoChatModel(Duration delay, List<ChatModelListener> listeners) {
        this.delay = delay;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        pause();
        String prompt = lastUserText(request.messages());
        DemoPrompt fields = DemoPrompt.parse(prompt);
        String answer = switch (fields.stage()) {
            case "research" -> DemoTexts.notes(fields);
            case "write" -> DemoTexts.article(fields);
            case "review" -> DemoTexts.reviewed(fields);
            case "glossary" -> DemoTexts.glossary(fields);
            default -> "This is opad's offline demo model. It only takes part in opad's article crew "
                    + "(research, write, review, glossary) and cannot answer other questions.";
        };
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(answer))
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(roughTokens(request.messages().toString()), roughTokens(answer)))
                .finishReason(FinishReason.STOP)
                .build();
    }

    private void pause() {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("demo model call interrupted", e);
        }
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage user && user.hasSingleText()) {
                return user.singleText();
            }
        }
        return "";
    }

    /** About four characters a token, the usual rule of thumb; the demo has no tokenizer. */
    private static int roughTokens(String text) {
        return Math.max(1, WHITESPACE.matcher(text).replaceAll(" ").length() / 4);
    }
}
