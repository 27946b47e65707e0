package dev.opad.worker.quality;

import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import dev.opad.article.Language;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells which of opad's languages a piece of prose is in, offline, with Lingua restricted to those
 * ten languages.
 *
 * <p>Why Lingua, and why in low-accuracy mode. Measured on JDK 25, heap used after GC before and
 * after building the detector for the ten languages and detecting a sentence in each of them:
 * Lingua's default high-accuracy mode (1- to 5-gram models) holds 195 MB, not modest for a worker;
 * its low-accuracy mode (trigram models only) holds 12.6 MB, the same as Optimaize 0.6 (13.2 MB),
 * and detects all ten sample sentences correctly, as Optimaize does. Low accuracy only loses
 * precision on texts shorter than about 120 characters, which the gate does not judge: it skips
 * texts under {@link LanguageCheck#MIN_LETTERS} letters and cuts longer ones into passages of at
 * least {@link LanguageCheck#PASSAGE_LETTERS}. Optimaize 0.6 (2016) would also bring Guava 18 under
 * Quarkus's Guava 33. The price is on disk: the Lingua jar with the models of all its 75 languages is
 * 80 MB, plus fastutil (23 MB), against 2 MB for Optimaize.
 */
final class ProseLanguageDetector {

    private static final Map<com.github.pemistahl.lingua.api.Language, Language> FROM_LINGUA =
            new EnumMap<>(com.github.pemistahl.lingua.api.Language.class);

    static {
        for (Language language : Language.values()) {
            FROM_LINGUA.put(lingua(language), language);
        }
    }

    private final LanguageDetector lingua;

    /** Loads the models now (about 2 s), so the first article does not wait for them. */
    ProseLanguageDetector() {
        this.lingua = LanguageDetectorBuilder
                .fromLanguages(Arrays.stream(Language.values()).map(ProseLanguageDetector::lingua)
                        .toArray(com.github.pemistahl.lingua.api.Language[]::new))
                .withLowAccuracyMode()
                .withPreloadedLanguageModels()
                .build();
    }

    /** The most likely language, or nothing when Lingua cannot tell (no letters, or a tie). */
    Optional<Language> detect(String prose) {
        return Optional.ofNullable(FROM_LINGUA.get(lingua.detectLanguageOf(prose)));
    }

    private static com.github.pemistahl.lingua.api.Language lingua(Language language) {
        return switch (language) {
            case ENGLISH -> com.github.pemistahl.lingua.api.Language.ENGLISH;
            case GERMAN -> com.github.pemistahl.lingua.api.Language.GERMAN;
            case SPANISH -> com.github.pemistahl.lingua.api.Language.SPANISH;
            case FRENCH -> com.github.pemistahl.lingua.api.Language.FRENCH;
            case ITALIAN -> com.github.pemistahl.lingua.api.Language.ITALIAN;
            case PORTUGUESE -> com.github.pemistahl.lingua.api.Language.PORTUGUESE;
            case DUTCH -> com.github.pemistahl.lingua.api.Language.DUTCH;
            case KOREAN -> com.github.pemistahl.lingua.api.Language.KOREAN;
            case JAPANESE -> com.github.pemistahl.lingua.api.Language.JAPANESE;
            case CHINESE -> com.github.pemistahl.lingua.api.Language.CHINESE;
        };
    }
}
