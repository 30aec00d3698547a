/**
 * Small primitive building blocks for search: ordinal filters ({@link dev.annex.util.Bits}:
 * allow-lists, deny-lists), bit sets, an epoch-reset visited set, a heap of packed (score, node)
 * longs and, for scans that keep a hundred or more, a top-values buffer cut back by selection, a
 * lock-free pool of per-search scratch, and range-split parallel loops.
 */
package dev.annex.util;
