/**
 * The JMH suite: vector kernels and the 4-bit fast-scan block kernel (SIMD paired with scalar), HNSW search at fixed ef and IVF-PQ
 * search at fixed nprobe, with recall reported beside the time.
 */
package dev.annex.bench.jmh;
