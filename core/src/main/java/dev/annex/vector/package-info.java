/**
 * Vector arithmetic and storage: the {@link dev.annex.vector.Similarity} enum, the kernel SPI
 * with its scalar implementation and the provider that picks SIMD or scalar once per JVM, a
 * validating facade ({@link dev.annex.vector.Vectors}), and heap or memory-mapped storage.
 */
package dev.annex.vector;
