/**
 * What callers program against: {@link dev.annex.api.VectorIndex}, the per-call
 * {@link dev.annex.api.SearchParameters} of each index type, and {@link dev.annex.api.SearchResults}.
 */
package dev.annex.api;
