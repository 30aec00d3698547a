package dev.annex.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The tests' Spark: local mode on two threads, bound to loopback with the UI off, shared by the
 * test classes of one JVM; and seeded data for them.
 */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("annex-spark-test")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }

    /** Stops the session; the next {@link #session()} starts a new one, as a new job would. */
    static synchronized void restart() {
        if (session != null) {
            session.stop();
            session = null;
        }
    }

    /**
     * {@code n} vectors around {@code clusters} random centres (overlapping: the spread equals the
     * centres' scale), each scaled by a log-normal norm factor so that inner-product ranking is
     * not cosine ranking. Deterministic for a seed.
     */
    static float[][] clustered(long seed, int n, int dimension, int clusters) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        float[][] vectors = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(clusters)];
            double norm = Math.exp(0.4 * random.nextGaussian());
            for (int j = 0; j < dimension; j++) {
                vectors[i][j] = (float) ((centre[j] + random.nextGaussian()) * norm);
            }
        }
        return vectors;
    }

    /** A frame of ({@code id} long, {@code features} array<float>) with ids {@code firstId}, {@code firstId+1}, … */
    static Dataset<Row> frame(float[][] vectors, long firstId) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            rows.add(RowFactory.create(firstId + i, boxed(vectors[i])));
        }
        return session().createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, true),
                DataTypes.createStructField("features", floatArray(), true))));
    }

    static DataType floatArray() {
        return DataTypes.createArrayType(DataTypes.FloatType);
    }

    static List<Float> boxed(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float component : vector) {
            list.add(component);
        }
        return list;
    }
}
