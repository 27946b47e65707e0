package dev.opad.worker.quality;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The gate's verdict, stored with the article and shown by the API. {@code detectedLanguage} is an
 * opad language code, or {@code null} when the text was too short to tell; {@code languageConfidence}
 * is the share of the prose (0 to 1, by letters) that reads as that language. {@code wordCount} is
 * counted by {@link WordCount}'s rules for the requested language.
 */
public record GateReport(boolean passed, String detectedLanguage, double languageConfidence, int wordCount,
                         int requestedLength, List<Finding> findings) {

    public GateReport {
        findings = List.copyOf(findings);
    }

    static GateReport of(String detectedLanguage, double languageConfidence, int wordCount, int requestedLength,
                         List<Finding> findings) {
        return new GateReport(findings.isEmpty(), detectedLanguage, languageConfidence, wordCount, requestedLength,
                findings);
    }

    /** The findings as one numbered instruction for a revision round; empty when the article passed. */
    public String revisionInstructions() {
        if (findings.isEmpty()) {
            return "";
        }
        return "Revise the article and fix these problems:\n" + IntStream.range(0, findings.size())
                .mapToObj(i -> (i + 1) + ". " + findings.get(i).message())
                .collect(Collectors.joining("\n"));
    }
}
