/**
 * The IVF-PQ index: coarse k-means cells, inverted lists of product-quantized residual codes,
 * the list scan, optional exact re-ranking against kept vectors, and the file format.
 */
package dev.annex.ivf;
