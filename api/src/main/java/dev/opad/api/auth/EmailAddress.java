package dev.opad.api.auth;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one form in which opad stores and compares emails: NFKC (so a Kelvin sign is the letter K it
 * looks like), then plain ASCII address syntax, lower case. Anything that still holds other characters
 * is refused rather than stored: two addresses that look alike must never be two accounts. An
 * internationalised domain is kept in its ASCII (IDNA) form, which is what mail servers use anyway.
 */
final class EmailAddress {

    /** Dot-atom local part (RFC 5322 without quoted strings) and LDH domain labels with a dot. */
    private static final Pattern ADDRESS = Pattern.compile(
            "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_LENGTH = 254;

    private EmailAddress() {
    }

    /** The stored form of {@code email}, or empty when it is not an address opad accepts. */
    static Optional<String> normalise(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String composed = Normalizer.normalize(email.strip(), Normalizer.Form.NFKC);
        int at = composed.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String domain;
        try {
            domain = IDN.toASCII(composed.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException notADomain) {
            return Optional.empty();
        }
        // Root locale: lower-casing must not depend on the machine (Turkish dotless i).
        String address = (composed.substring(0, at) + "@" + domain).toLowerCase(Locale.ROOT);
        return address.length() <= MAX_LENGTH && ADDRESS.matcher(address).matches()
                ? Optional.of(address)
                : Optional.empty();
    }
}
