/** The brute-force index: ground truth for tests and benchmarks, and the answer for tiny or heavily filtered sets. */
package dev.annex.exact;
