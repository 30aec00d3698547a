/**
 * Small primitive building blocks for search: ordinal filters ({@link dev.annex.util.Bits}),
 * bit sets, an epoch-reset visited set, and a heap of packed (score, node) longs.
 */
package dev.annex.util;
