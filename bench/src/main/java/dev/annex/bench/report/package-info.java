/**
 * What a sweep leaves for people: the Markdown summary (QPS at recall 0.90, 0.95 and 0.99 per
 * engine) and the recall-versus-QPS plot, drawn once onto a {@link dev.annex.bench.report.PlotCanvas}
 * that writes either SVG or PNG.
 */
package dev.annex.bench.report;
