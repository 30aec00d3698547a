package dev.annex.bench.engine;

import java.io.IOException;
import java.util.List;

/** An index an {@link Engine} built, with the operating points the sweep measures on it; closing frees it. */
public interface BuiltIndex extends AutoCloseable {

    /** The CSV {@code library} column: {@code annex}, {@code jvector}, {@code lucene}. */
    String library();

    /** Build parameters and library version, the start of the CSV {@code params} column. */
    String buildParams();

    /** The operating points to measure, from the cheapest to the most thorough. */
    List<OperatingPoint> operatingPoints();

    @Override
    void close() throws IOException;
}
