package dev.opad.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (standardwebhooks.com): {@code v1,<base64 of HMAC-SHA256(key,
 * "<webhook-id>.<webhook-timestamp>.<body>")>}, where the key is the base64 after {@code whsec_}. During a
 * secret's rotation both secrets sign, and the header carries both signatures, separated by a space: a
 * receiver accepts the request when any one of them matches its secret. The JDK's HMAC, because the
 * scheme is one MAC over one string and Maven Central has no reference Java library for it.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-id} of a delivery: the same on every try, so receivers can drop duplicates. */
    public static String messageId(UUID deliveryId) {
        return "msg_" + deliveryId.toString().replace("-", "");
    }

    /** The {@code webhook-signature} header: one {@code v1,…} per secret, space separated. */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a delivery needs at least one secret to be signed with");
        }
        return secrets.stream().map(secret -> sign(secret, messageId, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }

    /** One signature, {@code v1,<base64>}. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        byte[] signed = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JVM cannot compute HMAC-SHA256", e);
        }
    }

    /** The key bytes: the base64 after the {@code whsec_} prefix (a bare base64 secret is read as well). */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret is whsec_ followed by base64", e);
        }
    }
}
