/**
 * The JMH suite: vector kernels, the 4-bit fast-scan block kernel and the IVF selection kernels
 * (SIMD paired with scalar), HNSW search at fixed ef and IVF-PQ search at fixed nprobe, with
 * recall reported beside the time.
 */
package dev.annex.bench.jmh;
