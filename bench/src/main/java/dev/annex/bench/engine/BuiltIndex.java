package dev.annex.bench.engine;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * An index an {@link Engine} built, with the operating points the sweep measures on it; closing
 * frees it.
 *
 * @param library         the CSV {@code library} column: {@code annex}, {@code jvector}, {@code lucene}
 * @param buildParams     build parameters and library version, the start of the CSV {@code params} column
 * @param operatingPoints the operating points to measure, from the cheapest to the most thorough
 * @param resources       what {@link #close()} releases: memory, readers, files
 */
public record BuiltIndex(String library, String buildParams, List<OperatingPoint> operatingPoints, Closeable resources)
        implements AutoCloseable {

    @Override
    public void close() throws IOException {
        resources.close();
    }
}
