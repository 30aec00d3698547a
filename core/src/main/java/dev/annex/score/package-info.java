/**
 * Scoring stored vectors: {@link dev.annex.score.QueryScorer}, bound to one query and called by
 * ordinal (one at a time or in batches), and {@link dev.annex.score.ExactScan}, the brute-force
 * top-k over a range of ordinals.
 */
package dev.annex.score;
