package dev.annex.collection;

import java.util.List;

/**
 * A condition on payload fields, combined with {@link #and}, {@link #or} and {@link #not}. A
 * search admits the points the filter matches; it becomes the core's ordinal filter in time
 * proportional to the matching postings ({@link PayloadIndex}).
 */
public sealed interface PayloadFilter {

    /** {@code field} equals {@code value} (for a keyword list: contains it). */
    record Equals(String field, Object value) implements PayloadFilter {
    }

    /** {@code field} equals any of {@code values}. */
    record In(String field, List<?> values) implements PayloadFilter {
    }

    /** {@code min <= field <= max} on a LONG or DOUBLE field; a null bound is open. */
    record Range(String field, Number min, Number max) implements PayloadFilter {
    }

    /** {@code field} is present. */
    record Exists(String field) implements PayloadFilter {
    }

    /** Every point {@code filter} does not match. */
    record Not(PayloadFilter filter) implements PayloadFilter {
    }

    /** Points every one of {@code filters} matches. */
    record And(List<PayloadFilter> filters) implements PayloadFilter {
    }

    /** Points any of {@code filters} matches. */
    record Or(List<PayloadFilter> filters) implements PayloadFilter {
    }

    static PayloadFilter equalTo(String field, Object value) {
        return new Equals(field, value);
    }

    static PayloadFilter in(String field, Object... values) {
        return new In(field, List.of(values));
    }

    static PayloadFilter range(String field, Number min, Number max) {
        return new Range(field, min, max);
    }

    static PayloadFilter exists(String field) {
        return new Exists(field);
    }

    static PayloadFilter not(PayloadFilter filter) {
        return new Not(filter);
    }

    static PayloadFilter and(PayloadFilter... filters) {
        return new And(List.of(filters));
    }

    static PayloadFilter or(PayloadFilter... filters) {
        return new Or(List.of(filters));
    }
}
