package org.s3nas.workbench.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A record's copy with some of its components changed, what the settings records' {@code with…} methods return. The
 * copy goes through the canonical constructor, so the record's own checks and defaults apply to it; a component added
 * to the record later is copied without anything to update here.
 */
public final class Records {
    private Records() {}

    /** {@code record} with its component {@code name} set to {@code value}. */
    public static <R extends Record> R with(R record, String name, Object value) {
        return with(record, Collections.singletonMap(name, value));
    }

    /**
     * {@code record} with the components named in {@code changes} set to their values. A name that is not one of the
     * record's components, or a value of the wrong type, is a programming error (IllegalArgumentException).
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, Map<String, ?> changes) {
        Class<?> type = record.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        Set<String> unused = new HashSet<>(changes.keySet());
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                values[i] = unused.remove(c.getName()) ? changes.get(c.getName()) : c.getAccessor().invoke(record);
            }
            if (!unused.isEmpty()) {
                throw new IllegalArgumentException(type.getSimpleName() + " has no component " + unused);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
