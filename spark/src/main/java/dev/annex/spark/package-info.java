/**
 * Annex on Apache Spark: batch top-k recall over items sharded across executors.
 *
 * <p>{@link dev.annex.spark.AnnexKnn} is a Spark ML {@code Estimator}: {@code fit} validates the
 * items, splits them into shards by a hash of their id, builds one Annex index per shard on the
 * executors and saves the shards under an index path ({@link dev.annex.spark.ShardLayout}).
 * {@link dev.annex.spark.AnnexKnnModel} is its {@code Model}: {@code transform} sends every query
 * to each shard (to one replica of it), searches there, and merges the partial top-k lists per
 * query in a shuffle. The model saves and loads through Spark's {@code MLWritable}/{@code MLReadable}.
 * {@link dev.annex.spark.AnnexKnnJob} is the same as a {@code spark-submit} batch job over Parquet.
 */
package dev.annex.spark;
