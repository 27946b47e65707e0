package dev.opad.api.json;

import dev.opad.api.problem.MalformedBodyProblem;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON is UTF-8 (RFC 8259), and only well-formed UTF-8 is read: Jackson's byte parser decodes an
 * overlong form such as {@code C0 AF} as "/", which would let a character past every check that
 * looks for it. The JDK's decoder, told to report, refuses overlong forms, encoded surrogates
 * and truncated sequences. Bodies are at most 64 KiB (BodyLimit), so checking them whole is cheap.
 */
@Provider
public class Utf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new MalformedBodyProblem("The request body is not valid UTF-8");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
