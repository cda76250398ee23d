package org.s3nas.workbench.io;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import org.s3nas.workbench.model.Project;

/**
 * The one place that configures Jackson for the workbench's files. Strict on reading: unknown fields, wrong
 * types (no string-to-number or float-to-int coercion, no numbers for enums), nulls and missing fields are all
 * rejected, so a typo never silently becomes a default. Writing is pretty-printed in record-component order with
 * map entries sorted by key, so a saved file diffs cleanly; NaN and infinities are written as the strings
 * {@code "NaN"}, {@code "Infinity"}, which Jackson reads back into doubles.
 *
 * <p>The model records carry no Jackson annotations (the model knows nothing of I/O); what would be annotations
 * lives here: every record component is required and non-null except the few listed in {@link #OPTIONAL}
 * (absent means the record's own default) and {@link #NULLABLE} (null is a meaningful value).
 */
public final class Json {
    private Json() {}

    /** Components that may be absent from a file; the record constructor supplies the default. */
    static final Set<String> OPTIONAL = Set.of(
            "Project.description", "Project.runs", "Project.architectures", "Stage.overrides",
            "SearchConfig.thresholdLearningRateScale", "SearchConfig.thresholdMomentum",
            "SearchConfig.targetTolerance");

    /** Components whose value may be JSON null. */
    static final Set<String> NULLABLE = Set.of(
            "RunRecord.architecture", "RunRecord.startedAt", "RunRecord.endedAt");

    /** Project files carry {@code "format"} beside the project's own fields; ProjectFiles checks it separately. */
    @JsonIgnoreProperties({"format"})
    private abstract static class ProjectFormatMixin {}

    private static final ObjectMapper MAPPER = build();

    /** The shared strict mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() { return MAPPER; }

    /** A writer that pretty-prints with two-space indentation and {@code "name": value} fields. */
    public static ObjectWriter prettyWriter() {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        return MAPPER.writer(pp);
    }

    private static ObjectMapper build() {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                // Only record components are properties: helper methods such as Block.isSkip() are not.
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
                .annotationIntrospector(new RecordRules())
                .addMixIn(Project.class, ProjectFormatMixin.class)
                .build();
        m.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail);
        return m;
    }

    /** Required / non-null rules for record components, in place of annotations on the model. */
    private static final class RecordRules extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasRequiredMarker(AnnotatedMember m) {
            String key = componentKey(m);
            if (key == null) return super.hasRequiredMarker(m);
            return !OPTIONAL.contains(key);
        }

        @Override
        public JsonSetter.Value findSetterInfo(Annotated a) {
            if (a instanceof AnnotatedMember m) {
                String key = componentKey(m);
                if (key != null) {
                    // An optional component must accept a null from Jackson, which passes null for an absent one;
                    // JsonShape rejects an explicit null in the file.
                    if (OPTIONAL.contains(key) || NULLABLE.contains(key)) return JsonSetter.Value.forContentNulls(Nulls.FAIL);
                    return JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL);
                }
            }
            return super.findSetterInfo(a);
        }

        /** "Record.component" for a record's canonical-constructor parameter or field; null otherwise. */
        private static String componentKey(AnnotatedMember m) {
            Class<?> owner = m.getDeclaringClass();
            if (owner == null || !owner.isRecord()) return null;
            String name;
            if (m instanceof AnnotatedParameter p) {
                RecordComponent[] rc = owner.getRecordComponents();
                if (p.getIndex() >= rc.length || p.getOwner().getParameterCount() != rc.length) return null;
                name = rc[p.getIndex()].getName();
            } else {
                name = m.getName();
            }
            return owner.getSimpleName() + "." + name;
        }
    }
}
