/**
 * What the index types share but callers do not program against: the base class holding every
 * argument check, ordinal allocation, deletions and the closed/read-only states; the
 * construction of results from search heaps.
 */
package dev.annex.internal;
