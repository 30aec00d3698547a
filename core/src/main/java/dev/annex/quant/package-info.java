/**
 * Vector quantization: seeded k-means, centroid sets with their nearest-centroid queries (on
 * panels of 64 centroids stored by component), the product quantizer with 8-bit or 4-bit codes
 * and its lookup tables, and the int8 scalar quantizer.
 */
package dev.annex.quant;
