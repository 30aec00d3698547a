/**
 * The IVF-PQ index: the coarse quantizer (k-means cells and the choice of lists), inverted
 * lists of product-quantized residual codes (8-bit, or 4-bit packed in blocks of 32 for fast
 * scan), the list scans with their per-query tables (float, or quantized to bytes for fast
 * scan), optional exact re-ranking against kept vectors, and the file format.
 */
package dev.annex.ivf;
