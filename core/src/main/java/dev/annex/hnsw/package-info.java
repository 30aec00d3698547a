/**
 * The HNSW index: the layered graph, concurrent insertion with the neighbour-selection
 * heuristic, the searcher that owns its scratch, filtered search with an exact fallback,
 * and the file format.
 */
package dev.annex.hnsw;
