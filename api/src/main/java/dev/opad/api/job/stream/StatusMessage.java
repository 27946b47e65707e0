package dev.opad.api.job.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.opad.job.JobState;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * What a stream needs of a status JSON to route and order it: whose job, which version, finished or
 * not. The JSON itself is sent on as it was stored; it is read here, never written again.
 */
record StatusMessage(UUID jobId, long version, boolean finished, String json) {

    /** Empty for anything that is not a status JSON with those three fields at the top level. */
    static Optional<StatusMessage> parse(JsonFactory factory, String json) {
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            UUID id = null;
            Long version = null;
            JobState state = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_STRING ? UUID.fromString(parser.getText()) : null;
                    case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                    case "status" -> state = value == JsonToken.VALUE_STRING ? JobState.fromWireName(parser.getText()) : null;
                    default -> parser.skipChildren();
                }
            }
            return id == null || version == null || state == null
                    ? Optional.empty()
                    : Optional.of(new StatusMessage(id, version, state.isFinished(), json));
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }
}
