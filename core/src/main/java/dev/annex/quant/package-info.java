/** Vector quantization: seeded k-means and the 8-bit product quantizer with its lookup tables. */
package dev.annex.quant;
