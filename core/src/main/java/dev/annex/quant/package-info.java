/**
 * Vector quantization: seeded k-means, centroid sets with their nearest-centroid queries, and
 * the 8-bit product quantizer with its lookup tables.
 */
package dev.annex.quant;
