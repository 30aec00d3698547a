/**
 * What a sweep leaves for people: the Markdown summary (QPS at recall 0.90, 0.95 and 0.99 per
 * engine) and the recall-versus-QPS plot, drawn with XChart as SVG and PNG.
 */
package dev.annex.bench.report;
