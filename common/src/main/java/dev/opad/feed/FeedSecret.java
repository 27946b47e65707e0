package dev.opad.feed;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The secret in a feed's URL ({@code /feeds/<secret>.atom}): feed readers cannot send a bearer token, so the
 * URL is the credential. 256 random bits in URL-safe base64, far too many to guess; kept as it is (not hashed)
 * because the owner is shown the URL whenever they look (V11__feeds.sql says why).
 */
public final class FeedSecret {

    /** What a secret can look like (base64url; the database's own default makes 43 characters too). */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{32,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private FeedSecret() {
    }

    public static String random() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Whether {@code text} could be a secret at all: anything else is not looked up. */
    public static boolean isWellFormed(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }
}
