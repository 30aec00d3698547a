package dev.annex.api;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code name<number>} settings after an index's leading parts, checked against the names it knows. */
final class FactorySettings {

    /** The leading parts of factory strings, and a {@code name<number>} setting. */
    static final Pattern HNSW = Pattern.compile("hnsw(\\d+)");
    static final Pattern IVF = Pattern.compile("ivf(\\d+)");
    static final Pattern PQ = Pattern.compile("pq(\\d+)x(\\d+)(fs)?");
    private static final Pattern SETTING = Pattern.compile("([a-z]+)(-?\\d+)");

    private final String factory;
    private final String[] parts;
    private final int first;
    private final String index;
    private final String[] known;

    FactorySettings(String factory, String[] parts, int first, String index, String... known) {
        this.factory = factory;
        this.parts = parts;
        this.first = first;
        this.index = index;
        this.known = known;
        for (int i = first; i < parts.length; i++) {
            Matcher setting = SETTING.matcher(parts[i]);
            if (!setting.matches() || !Arrays.asList(known).contains(setting.group(1))) {
                throw unknown(parts[i]);
            }
        }
    }

    private IllegalArgumentException unknown(String part) {
        StringBuilder names = new StringBuilder();
        for (String name : known) {
            names.append(names.isEmpty() ? "" : ", ").append(name.equals("rerank") ? "Rerank<N>" : name.equals("sq") ? "SQ8" : name + "<N>");
        }
        return new IllegalArgumentException("unknown " + index + " setting '" + part + "' in factory string '" + factory
                + "'; known: " + names);
    }

    /** The value of setting {@code name} as an int, or {@code otherwise} when absent; the last occurrence wins. */
    int intValue(String name, int otherwise) {
        String value = raw(name);
        return value == null ? otherwise : number(factory, value, name);
    }

    /** The value of setting {@code name} as a long, or {@code otherwise} when absent. */
    long longValue(String name, long otherwise) {
        String value = raw(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' does not fit a 64-bit integer in factory string '"
                    + factory + "'");
        }
    }

    private String raw(String name) {
        String value = null;
        for (int i = first; i < parts.length; i++) {
            Matcher setting = SETTING.matcher(parts[i]);
            if (setting.matches() && setting.group(1).equals(name)) {
                value = setting.group(2);
            }
        }
        return value;
    }

    static int number(String factory, String digits, String name) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + digits + "' does not fit a 32-bit integer in factory string '"
                    + factory + "'");
        }
    }
}
