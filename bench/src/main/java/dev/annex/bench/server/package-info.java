/** What the gRPC layer adds over in-process calls: search latency and throughput under concurrent clients, streaming upserts. */
package dev.annex.bench.server;
