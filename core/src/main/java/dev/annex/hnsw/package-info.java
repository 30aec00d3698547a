/**
 * The HNSW index: the layered graph and its lock-free reader contract, concurrent insertion with
 * the neighbour-selection heuristic, the connectivity repair that keeps every live node
 * reachable, the searcher that owns its scratch, filtered search with an exact fallback, and
 * the file format.
 */
package dev.annex.hnsw;
