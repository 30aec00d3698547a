package dev.annex.spark;

import dev.annex.Indexes;
import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.VectorIndex;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Builds and saves one shard on an executor, from the prepared items the shuffle routed to it. */
final class ShardBuilder {

    /** What building one shard did, sent back to the driver: how many items it holds. */
    record Built(int shard, int items) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** One item on its way to its shard: the id and the vector, without the row's schema. */
    record Item(Object id, float[] vector) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private ShardBuilder() {
    }

    /** {@code spec} with {@code threads} build threads, whatever its type. */
    static IndexSpec withBuildThreads(IndexSpec spec, int threads) {
        return switch (spec) {
            case FlatSpec flat -> new FlatSpec(threads);
            case HnswSpec hnsw -> hnsw.withBuildThreads(threads);
            case IvfPqSpec ivf -> ivf.withThreads(threads);
        };
    }

    static Built build(ShardLayout layout, HadoopFiles files, int shard, Iterator<Item> items) {
        List<Object> ids = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        while (items.hasNext()) {
            Item item = items.next();
            ids.add(item.id());
            vectors.add(item.vector());
        }
        try {
            if (!ids.isEmpty()) {
                buildIndex(layout, files, shard, vectors.toArray(float[][]::new));
            }
            ShardIds.write(files, layout.idsFile(shard), layout.idKind(), ids);
            return new Built(shard, ids.size());
        } catch (IOException e) {
            throw new UncheckedIOException("shard " + shard + " of " + layout.directory() + ": " + e.getMessage(), e);
        }
    }

    private static void buildIndex(ShardLayout layout, HadoopFiles files, int shard, float[][] vectors)
            throws IOException {
        Path local = Files.createTempFile("annex-shard-" + shard + "-", ".annex");
        try (VectorIndex index = Indexes.create(layout.dimension(), layout.similarity(), layout.spec())) {
            if (!index.isTrained()) {
                index.train(vectors);
            }
            index.addAll(vectors);
            index.save(local);
            files.upload(local, layout.indexFile(shard));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shard " + shard + " (" + vectors.length + " items) of "
                    + layout.directory() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
