/**
 * The engines a sweep compares: Annex's HNSW, IVF-PQ and exact indices, jvector and Lucene, each
 * built from a {@link dev.annex.bench.Dataset} and searched through one {@link dev.annex.bench.engine.Searcher}
 * contract so that every engine is timed and scored the same way.
 */
package dev.annex.bench.engine;
