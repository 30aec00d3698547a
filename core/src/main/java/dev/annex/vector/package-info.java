/**
 * Vector arithmetic and storage: the {@link dev.annex.vector.Similarity} enum, the kernel SPI
 * with its scalar implementation and the provider that picks SIMD or scalar once per JVM, a
 * validating facade ({@link dev.annex.vector.Vectors}), and heap storage (its vectors on cache
 * lines where the collector allows, see {@code LargeArrayPlacement}) or memory-mapped storage.
 */
package dev.annex.vector;
