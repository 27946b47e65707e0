package dev.opad.api.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * opad's JSON writes every field of a record, {@code null} where it has no value (a draft's
 * {@code title}, a waiting job's {@code stage}), and the document has to say so or a generated
 * client refuses the answer. The rule: a property a schema does not list as required may be null.
 * A property that refers to a scalar schema (UUID, Instant, LocalDate) gets that schema inlined,
 * because OpenAPI 3.0 ignores {@code nullable} beside a {@code $ref}; a reference to an object or
 * an enum stays as it is (opad never leaves those out).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class NullableFields implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, Schema> components = openAPI.getComponents().getSchemas();
        if (components == null) {
            return;
        }
        for (Schema schema : components.values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            schema.getProperties().forEach((name, property) -> {
                if (!required.contains(name)) {
                    schema.addProperty(name, nullable(property, components));
                }
            });
        }
    }

    private static Schema nullable(Schema property, Map<String, Schema> components) {
        Schema target = property;
        if (property.getRef() != null) {
            Schema referred = components.get(property.getRef().substring(property.getRef().lastIndexOf('/') + 1));
            if (referred == null || !isScalar(referred)) {
                return property;
            }
            target = copyOf(referred);
        }
        if (target.getType() != null && !target.getType().isEmpty() && !target.getType().contains(SchemaType.NULL)) {
            target.addType(SchemaType.NULL);
        }
        return target;
    }

    private static boolean isScalar(Schema schema) {
        return schema.getEnumeration() == null && schema.getType() != null && schema.getType().stream()
                .allMatch(type -> type == SchemaType.STRING || type == SchemaType.INTEGER
                        || type == SchemaType.NUMBER || type == SchemaType.BOOLEAN);
    }

    private static Schema copyOf(Schema scalar) {
        return OASFactory.createSchema().type(new java.util.ArrayList<>(scalar.getType())).format(scalar.getFormat())
                .pattern(scalar.getPattern()).description(scalar.getDescription());
    }
}
