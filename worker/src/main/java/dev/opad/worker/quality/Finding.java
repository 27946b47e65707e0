package dev.opad.worker.quality;

/**
 * One thing the quality gate found wrong, worded as an instruction a model can act on in a revision
 * round. The code names the check that found it, so clients can group or count findings.
 */
public record Finding(String code, String message) {

    public static final String LANGUAGE = "language";
    public static final String LENGTH = "length";
    public static final String STRUCTURE = "structure";
    public static final String LEFTOVER = "leftover";
    public static final String GLOSSARY = "glossary";
    public static final String REPETITION = "repetition";
}
