package org.s3nas.workbench.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.s3nas.workbench.model.Problem;

/**
 * Turns what goes wrong while reading a JSON file into {@link Problem}s a person can act on: the JSON path of the
 * field, what was expected and what was found, and the line and column. Jackson stops at the first binding error;
 * its path is exact but its location is not always the field's (record creators buffer properties), so the
 * location is looked up again in the text by path.
 */
final class JsonProblems {
    private JsonProblems() {}

    /** The value at a path in the text: where its field name and its value start, the value's token and text. */
    record Located(JsonLocation field, JsonLocation value, JsonToken token, String text) {}

    /** Largest JSON file read (a project with thousands of saved architectures is a few megabytes). */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    /** Reads a file as UTF-8 text, or explains why it cannot. */
    static String readText(Path file) throws ProjectFileException {
        String label = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw fail(label, "is a folder, not a file");
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw fail(label, "is " + size / (1024 * 1024) + " MB; the workbench reads JSON files of at most "
                        + MAX_FILE_BYTES / (1024 * 1024) + " MB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw fail(label, "no such file");
        } catch (AccessDeniedException e) {
            throw fail(label, "cannot be read: permission denied");
        } catch (ProjectFileException e) {
            throw e;
        } catch (IOException e) {
            throw fail(label, "cannot be read: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(label, "is not UTF-8 text (a binary file?)");
        }
    }

    static ProjectFileException fail(String file, String message) {
        return new ProjectFileException(file, List.of(Problem.error(file, message)));
    }

    /**
     * Reads the whole document once, checking only the JSON syntax (and duplicate keys). Returns null when it is
     * well formed.
     */
    static Problem syntax(String text, String fileLabel) {
        if (text.isBlank()) return Problem.error(fileLabel, "the file is empty");
        try (JsonParser p = Json.mapper().createParser(text)) {
            while (p.nextToken() != null) {
                // reading every token is the check
            }
            return null;
        } catch (StreamReadException e) {
            JsonParser p = e.getProcessor();
            List<Object> segs = p == null ? List.of() : segments(p.getParsingContext(), false);
            String message;
            if (e instanceof JsonEOFException) {
                message = "unexpected end of file: the JSON is cut short (an object or list is not closed)";
            } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '")) {
                String name = e.getOriginalMessage().substring("Duplicate field '".length()).replaceAll("'.*$", "");
                message = "duplicate field \"" + name + "\"";
            } else {
                message = "not valid JSON: " + plain(e.getOriginalMessage());
            }
            String path = segs.isEmpty() ? fileLabel : path(segs);
            return Problem.error(path, message + at(e.getLocation()));
        } catch (IOException e) {
            return Problem.error(fileLabel, "cannot be parsed: " + plain(e.getMessage()));
        }
    }

    /**
     * Explains a binding failure. {@code extraKnown} lists top-level fields the file format adds around the
     * bound record (e.g. "format").
     */
    static Problem binding(DatabindException ex, String text, String fileLabel, List<String> extraKnown) {
        List<Object> segs = new ArrayList<>();
        if (ex instanceof JsonMappingException jm) {
            for (JsonMappingException.Reference r : jm.getPath()) {
                if (r.getFieldName() != null) segs.add(r.getFieldName());
                else if (r.getIndex() >= 0) segs.add(r.getIndex());
            }
        }
        String msg = ex.getOriginalMessage() == null ? "" : ex.getOriginalMessage();

        if (ex instanceof UnrecognizedPropertyException u) {
            Located loc = locate(text, segs);
            List<String> known = new ArrayList<>(segs.size() == 1 ? extraKnown : List.of());
            known.addAll(knownFields(u.getReferringClass(), u.getKnownPropertyIds()));
            return Problem.error(pathOr(segs, fileLabel), "unknown field \"" + u.getPropertyName() + "\"; known fields: "
                    + String.join(", ", known) + at(loc == null ? null : loc.field() != null ? loc.field() : loc.value()));
        }
        if (msg.startsWith("Missing required creator property")) return missing(text, segs, fileLabel);
        if (ex instanceof InvalidFormatException f && msg.startsWith("Cannot deserialize Map key")) {
            segs.add(String.valueOf(f.getValue()));
            Located loc = locate(text, segs);
            return Problem.error(path(segs), "expected " + expected(f.getTargetType()) + " as key, found \""
                    + f.getValue() + "\"" + at(loc == null ? f.getLocation() : loc.field()));
        }
        Located loc = locate(text, segs);
        JsonLocation where = loc != null ? loc.value() : ex instanceof JsonMappingException jm ? jm.getLocation() : null;
        if (ex instanceof InvalidNullException) {
            return Problem.error(pathOr(segs, fileLabel), "must not be null" + at(where));
        }
        if (ex.getCause() instanceof InputCoercionException ice) {
            return Problem.error(pathOr(segs, fileLabel), "number " + (loc != null ? loc.text() : "") + " is out of range for "
                    + expected(ice.getTargetType()) + at(where));
        }
        if (ex instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            String found = loc == null ? null : found(loc.token(), loc.text());
            return Problem.error(pathOr(segs, fileLabel), "expected " + expected(mi.getTargetType())
                    + (found == null ? "" : ", found " + found) + at(where));
        }
        if (ex instanceof ValueInstantiationException vi) {
            Throwable cause = vi.getCause() == null ? vi : vi.getCause();
            return Problem.error(pathOr(segs, fileLabel), "cannot be built: " + cause.getMessage() + at(where));
        }
        return Problem.error(pathOr(segs, fileLabel), plain(msg) + at(where));
    }

    private static Problem missing(String text, List<Object> segs, String fileLabel) {
        Located parent = locate(text, segs.isEmpty() ? segs : segs.subList(0, segs.size() - 1));
        return Problem.error(pathOr(segs, fileLabel), "is missing"
                + (parent == null ? "" : " from the object at" + at(parent.value()).replace(" (", " ").replace(")", "")));
    }

    /** The first token of the value at {@code target} (and its field name's location); null when absent. */
    static Located locate(String text, List<Object> target) {
        try (JsonParser p = Json.mapper().createParser(text)) {
            JsonLocation fieldLoc = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    if (segments(p.getParsingContext(), false).equals(target)) fieldLoc = p.currentTokenLocation();
                    continue;
                }
                if (t.isStructEnd()) continue;
                if (segments(p.getParsingContext(), t.isStructStart()).equals(target)) {
                    return new Located(fieldLoc, p.currentTokenLocation(), t, t.isScalarValue() ? p.getText() : null);
                }
            }
        } catch (IOException e) {
            // a text that does not parse was reported by syntax() already
        }
        return null;
    }

    /** The path of the current value; {@code structStart}: the parser just entered an object or list. */
    private static List<Object> segments(JsonStreamContext ctx, boolean structStart) {
        if (structStart && ctx != null) ctx = ctx.getParent();
        List<Object> out = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                if (c.getCurrentName() != null) out.add(c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                out.add(c.getCurrentIndex());
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** {@code supernet.stages[2].depth} from ["supernet", "stages", 2, "depth"]. */
    static String path(List<Object> segs) {
        StringBuilder sb = new StringBuilder();
        for (Object s : segs) {
            if (s instanceof Integer i) sb.append('[').append(i).append(']');
            else sb.append(sb.length() == 0 ? "" : ".").append(s);
        }
        return sb.toString();
    }

    private static String pathOr(List<Object> segs, String fallback) {
        return segs.isEmpty() ? fallback : path(segs);
    }

    static String at(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) return "";
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** How a JSON value looks to a person: "three" (quoted), 3.5, true, null, an object, a list. */
    static String found(JsonToken t, String text) {
        if (t == null) return null;
        return switch (t) {
            case VALUE_STRING -> "\"" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> text;
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            default -> t.asString();
        };
    }

    /** What a Java type looks like in JSON. */
    static String expected(Class<?> type) {
        if (type == null) return "another value";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) return "an integer";
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        if (Map.class.isAssignableFrom(type)) return "an object";
        return "an object (" + type.getSimpleName() + ")";
    }

    /** Known fields in the record's own order when it is a record. */
    private static List<String> knownFields(Class<?> owner, Collection<Object> ids) {
        if (owner != null && owner.isRecord()) {
            return Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getName).toList();
        }
        return ids == null ? List.of() : ids.stream().map(String::valueOf).sorted().toList();
    }

    /** A parser's message without the names of Jackson's classes and settings, on one line. */
    static String plain(String s) {
        if (s == null) return "";
        return Problem.oneLine(firstLine(s).replaceAll(",? ?from `[^`]*`", "")
                .replaceAll("`(?:[\\w$]+\\.)*([\\w$]+)(?:\\(\\))?`", "$1").replace("`", ""));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        String line = s.split("\n", 2)[0];
        return line.replaceAll(" ?\\(?\\[Source:.*?\\]\\)?", "").trim();
    }
}
