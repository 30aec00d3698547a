/**
 * Annex: approximate nearest-neighbour search over float vectors for recommender recall.
 * Start at {@link dev.annex.Indexes}: create an index from a factory string, add vectors,
 * search with per-call parameters, save and load.
 */
package dev.annex;
