/**
 * Vector API (SIMD) kernels. The only package that imports {@code jdk.incubator.vector}; it is
 * loaded by name, so the engine still runs, on scalar kernels, where the module is absent.
 */
package dev.annex.vector.panama;
