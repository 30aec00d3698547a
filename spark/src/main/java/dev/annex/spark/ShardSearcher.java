package dev.annex.spark;

import dev.annex.Indexes;
import dev.annex.api.ExactSearchParameters;
import dev.annex.api.FlatSpec;
import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.api.SearchResults;
import dev.annex.api.VectorIndex;
import dev.annex.util.Bits;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The executor side of a query: loads a shard once per executor JVM (cached by build id and
 * shard number, kept for the life of the JVM) and answers the queries routed to it.
 */
final class ShardSearcher {

    /** One query row on its way to the shards. */
    record Query(Object id, float[] vector, Object[] excludedIds) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Per-call search settings: what {@link AnnexKnnModel}'s parameters say. */
    record Settings(int k, int ef, int nprobe, boolean excludeSelf) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** A shard in memory: its index (null when the shard is empty) and its ids. */
    private record LoadedShard(VectorIndex index, ShardIds ids) {
    }

    private static final Map<String, LoadedShard> LOADED = new ConcurrentHashMap<>();

    private ShardSearcher() {
    }

    /** Answers every query of {@code queries} on {@code shard}, keyed by query id. */
    static Iterator<Tuple2<Object, Neighbours>> searchAll(ShardLayout layout, HadoopFiles files, int shard,
                                                          Iterator<Tuple2<Integer, Query>> queries, Settings settings) {
        if (!queries.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        LoadedShard loaded = LOADED.computeIfAbsent(layout.buildId() + "/" + shard, key -> load(layout, files, shard));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return queries.hasNext();
            }

            @Override
            public Tuple2<Object, Neighbours> next() {
                Query query = queries.next()._2();
                return new Tuple2<>(query.id(), search(loaded, query, settings));
            }
        };
    }

    private static LoadedShard load(ShardLayout layout, HadoopFiles files, int shard) {
        try {
            ShardIds ids = ShardIds.read(files, layout.idsFile(shard), layout.idKind());
            if (ids.size() == 0) {
                return new LoadedShard(null, ids);
            }
            Path local = Files.createTempFile("annex-shard-" + shard + "-", ".annex");
            try {
                files.download(layout.indexFile(shard), local);
                VectorIndex index = Indexes.load(local);
                if (index.size() != ids.size()) {
                    throw new IOException("shard " + shard + " of " + layout.directory() + " has " + index.size()
                            + " vectors but " + ids.size() + " ids");
                }
                return new LoadedShard(index, ids);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load shard " + shard + " of " + layout.directory() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Neighbours search(LoadedShard shard, Query query, Settings settings) {
        if (shard.index() == null) {
            return new Neighbours(new Object[0], new float[0], 1);
        }
        SearchResults results;
        try {
            results = shard.index().search(query.vector(), settings.k(), parameters(shard, query, settings));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("query id " + query.id() + ": " + e.getMessage(), e);
        }
        Object[] ids = new Object[results.size()];
        float[] scores = new float[results.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = shard.ids().id(results.ordinal(i));
            scores[i] = results.score(i);
        }
        return new Neighbours(ids, scores, 1);
    }

    private static SearchParameters parameters(LoadedShard shard, Query query, Settings settings) {
        Bits filter = filter(shard.ids(), query, settings);
        return switch (shard.index().spec()) {
            case FlatSpec flat -> new ExactSearchParameters(filter);
            case HnswSpec hnsw -> new HnswSearchParameters(settings.ef(), filter);
            case IvfPqSpec ivf -> new IvfSearchParameters(Math.min(settings.nprobe(), ivf.nlist()),
                    IvfSearchParameters.INDEX_DEFAULT, filter);
        };
    }

    /** A deny-list of the query's own id (with exclude-self) and its excluded ids, those in this shard. */
    private static Bits filter(ShardIds ids, Query query, Settings settings) {
        int excluded = query.excludedIds() == null ? 0 : query.excludedIds().length;
        if (excluded == 0 && !settings.excludeSelf()) {
            return Bits.ALL;
        }
        int[] ordinals = IntStream.range(0, excluded + 1)
                .map(i -> i < excluded ? ids.ordinalOf(query.excludedIds()[i])
                        : settings.excludeSelf() ? ids.ordinalOf(query.id()) : -1)
                .filter(ordinal -> ordinal >= 0).toArray();
        return ordinals.length == 0 ? Bits.ALL : Bits.allExcept(ordinals);
    }
}
