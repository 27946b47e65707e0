package dev.opad.api.text;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text a person could have typed: no control characters (NUL included, which Postgres refuses),
 * no invisible or direction-overriding characters that make one string look like another, no
 * broken surrogate pairs. Null is left to {@code @NotNull}/{@code @NotBlank}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CleanText.Validator.class)
public @interface CleanText {
    String message() default "must not contain control, invisible or direction-override characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Multi-line text (a pasted source) may contain line breaks and tabs; nothing else changes. */
    boolean multiline() default false;

    /**
     * A secret (a password) is never shown to anyone nor put into a prompt, so looking like another
     * string does not matter: only controls, format characters (direction overrides, zero-width
     * characters, as before) and broken surrogate pairs are refused. A passphrase with an emoji's
     * variation selector (U+FE0F), accepted before the rule above was widened, keeps working.
     */
    boolean secret() default false;

    class Validator implements ConstraintValidator<CleanText, String> {
        private boolean multiline;
        private boolean secret;

        @Override
        public void initialize(CleanText annotation) {
            multiline = annotation.multiline();
            secret = annotation.secret();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (secret) {
                return TextRules.isUsableSecret(value);
            }
            return TextRules.isClean(multiline ? value.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ') : value);
        }
    }
}
