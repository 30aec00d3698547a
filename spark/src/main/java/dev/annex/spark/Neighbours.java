package dev.annex.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import scala.jdk.javaapi.CollectionConverters;

/**
 * A query's best neighbours found so far, best first, and how many shard searches contributed.
 * Partial lists from the shards are merged pairwise (the shuffle's combiner), never gathered on
 * the driver.
 *
 * @param ids      item ids, best first
 * @param scores   their scores, higher is better
 * @param searches shard searches merged in: the shard count once per query row
 */
record Neighbours(Object[] ids, float[] scores, int searches) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The best {@code k} of both lists, best first; on equal scores this list's entries come first. */
    Neighbours merge(Neighbours other, int k) {
        int size = Math.min(k, ids.length + other.ids.length);
        Object[] mergedIds = new Object[size];
        float[] mergedScores = new float[size];
        int a = 0;
        int b = 0;
        for (int i = 0; i < size; i++) {
            boolean takeThis = b >= other.ids.length || (a < ids.length && !(other.scores[b] > scores[a]));
            if (takeThis) {
                mergedIds[i] = ids[a];
                mergedScores[i] = scores[a++];
            } else {
                mergedIds[i] = other.ids[b];
                mergedScores[i] = other.scores[b++];
            }
        }
        return new Neighbours(mergedIds, mergedScores, searches + other.searches);
    }

    /** The {@code neighbours} column's value: (id, score) structs, best first, as the Scala sequence Spark's row encoder takes. */
    scala.collection.immutable.Seq<Row> toRows() {
        List<Row> rows = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            rows.add(RowFactory.create(ids[i], scores[i]));
        }
        return CollectionConverters.asScala(rows).toSeq();
    }
}
