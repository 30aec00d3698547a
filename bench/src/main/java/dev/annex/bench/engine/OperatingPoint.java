package dev.annex.bench.engine;

/**
 * One search setting of a built index.
 *
 * @param index          the CSV {@code index} column: {@code HNSW}, {@code IVF1024,PQ16x8,RFlat}, {@code Flat}
 * @param searchParams   search parameters for the CSV {@code params} column, e.g. {@code ef=64}
 * @param bytesPerVector index bytes per vector needed to answer this way
 * @param searcher       answers queries at this setting
 */
public record OperatingPoint(String index, String searchParams, double bytesPerVector, Searcher searcher) {
}
