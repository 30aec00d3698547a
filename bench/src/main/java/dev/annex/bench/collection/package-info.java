/** The cost of the embedded database over the raw index: writes, recovery, search, filters, multi-interest. */
package dev.annex.bench.collection;
