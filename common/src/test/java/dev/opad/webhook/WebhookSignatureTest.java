package dev.opad.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Standard Webhooks signing against the specification's published example. */
class WebhookSignatureTest {

    /** The example in the Standard Webhooks specification (and its reference libraries' tests). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void theSpecificationsExampleIsSignedAsPublished() {
        assertEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void everyPartOfTheSignedStringCounts() {
        assertNotEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID + "x", SPEC_TIMESTAMP, SPEC_BODY));
        assertNotEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY));
        assertNotEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY + " "));
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparated() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String header = WebhookSignature.header(List.of(SPEC_SECRET, other), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
        assertEquals(SPEC_SIGNATURE + " " + WebhookSignature.sign(other, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY), header);
        assertEquals(SPEC_SIGNATURE, WebhookSignature.header(List.of(SPEC_SECRET), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void theMessageIdIsTheDeliveryIdWithoutDashes() {
        UUID id = UUID.fromString("0b6f0b52-3d1c-4c8e-9a55-3f1f2ad1c0de");
        assertEquals("msg_0b6f0b523d1c4c8e9a553f1f2ad1c0de", WebhookSignature.messageId(id));
    }

    @Test
    void aSecretThatIsNotBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("whsec_not base64!", SPEC_ID, 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.header(List.of(), SPEC_ID, 1, "{}"));
    }
}
