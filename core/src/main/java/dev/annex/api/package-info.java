/**
 * What callers program against: {@link dev.annex.api.VectorIndex}; the build specs
 * ({@link dev.annex.api.IndexSpec}: {@link dev.annex.api.FlatSpec}, {@link dev.annex.api.HnswSpec},
 * {@link dev.annex.api.IvfPqSpec}), which parse and print factory strings; the per-call
 * {@link dev.annex.api.SearchParameters} of each index type; and {@link dev.annex.api.SearchResults}.
 */
package dev.annex.api;
