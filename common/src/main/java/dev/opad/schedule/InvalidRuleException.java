package dev.opad.schedule;

/**
 * A timing rule that cannot be used: the wire field at fault (e.g. {@code rule.cron}) and what is wrong
 * with it, as a phrase to follow the field's name ("must name one minute …").
 */
public final class InvalidRuleException extends RuntimeException {

    private final String field;
    private final String message;

    public InvalidRuleException(String field, String message) {
        super(field + " " + message);
        this.message = message;
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field's name. */
    public String problem() {
        return message;
    }
}
