/**
 * The IVF-PQ index: the coarse quantizer (k-means cells and the choice of lists), inverted
 * lists of product-quantized residual codes, the list scan, optional exact re-ranking against
 * kept vectors, and the file format.
 */
package dev.annex.ivf;
