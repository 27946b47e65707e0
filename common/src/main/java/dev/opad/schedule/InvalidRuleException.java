package dev.opad.schedule;

/** A timing rule that cannot be used, naming the wire field at fault (e.g. {@code rule.cron}). */
public final class InvalidRuleException extends RuntimeException {

    private final String field;

    public InvalidRuleException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
