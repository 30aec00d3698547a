package dev.annex.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the neighbours column of a transform back as plain arrays, keyed by query id. */
record SparkResults(Map<Object, Object[]> ids, Map<Object, float[]> scores) {

    static SparkResults of(Dataset<Row> transformed, String queryIdColumn) {
        Map<Object, Object[]> ids = new HashMap<>();
        Map<Object, float[]> scores = new HashMap<>();
        for (Row row : transformed.select(queryIdColumn, "neighbors").collectAsList()) {
            List<Row> neighbours = row.getList(1);
            Object[] neighbourIds = new Object[neighbours.size()];
            float[] neighbourScores = new float[neighbours.size()];
            for (int i = 0; i < neighbourIds.length; i++) {
                neighbourIds[i] = neighbours.get(i).get(0);
                neighbourScores[i] = neighbours.get(i).getFloat(1);
            }
            if (ids.put(row.get(0), neighbourIds) != null) {
                throw new AssertionError("query id " + row.get(0) + " has two result rows");
            }
            scores.put(row.get(0), neighbourScores);
        }
        return new SparkResults(ids, scores);
    }

    /** Recall@k of these results against the oracle's ids per query. */
    double recall(Map<Object, Object[]> truth) {
        long found = 0;
        long wanted = 0;
        for (Map.Entry<Object, Object[]> query : truth.entrySet()) {
            List<Object> got = List.of(ids.get(query.getKey()));
            for (Object id : query.getValue()) {
                found += got.contains(id) ? 1 : 0;
            }
            wanted += query.getValue().length;
        }
        return (double) found / wanted;
    }
}
