/**
 * Benchmarks: the ef sweep runner over Texmex or seeded synthetic datasets, writing the CSV
 * schema shared with the FAISS/hnswlib peers, and the readers and recall arithmetic behind it.
 */
package dev.annex.bench;
