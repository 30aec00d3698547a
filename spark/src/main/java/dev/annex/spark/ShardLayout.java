package dev.annex.spark;

import dev.annex.vector.Similarity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;

/**
 * What {@link AnnexKnn#fit} wrote under an index path, and where: {@code index.properties} (this
 * record), and per shard {@code shard-NNNNN.annex} (the saved Annex index; absent for an empty
 * shard) and {@code shard-NNNNN.ids} (the item id of every ordinal, checksummed).
 *
 * @param directory   the index path, any URI Hadoop can open
 * @param buildId     unique per fit: executors cache loaded shards under it, so a path rebuilt
 *                    in place is never answered from an older build
 * @param dimension   components per vector
 * @param similarity  how vectors are compared
 * @param spec        the factory string every shard was built with
 * @param idKind      the type of the item ids
 * @param shardSizes  items per shard, in shard order
 */
public record ShardLayout(String directory, String buildId, int dimension, Similarity similarity, String spec,
                          IdKind idKind, int[] shardSizes) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String PROPERTIES_FILE = "index.properties";
    private static final String FORMAT = "annex-spark-shards-1";

    static ShardLayout planned(String directory, int dimension, Similarity similarity, String spec, IdKind idKind,
                               int shards) {
        return new ShardLayout(directory, UUID.randomUUID().toString(), dimension, similarity, spec, idKind,
                new int[shards]);
    }

    public int shards() {
        return shardSizes.length;
    }

    /** Items over all shards. */
    public long items() {
        return Arrays.stream(shardSizes).asLongStream().sum();
    }

    /** The shard an item belongs to: a stable hash of its id. */
    int shardOf(Object id) {
        return Math.floorMod(IdKind.stableHash(id), shards());
    }

    String indexFile(int shard) {
        return directory + "/" + String.format("shard-%05d.annex", shard);
    }

    String idsFile(int shard) {
        return directory + "/" + String.format("shard-%05d.ids", shard);
    }

    ShardLayout withSizes(int[] sizes) {
        return new ShardLayout(directory, buildId, dimension, similarity, spec, idKind, sizes.clone());
    }

    ShardLayout movedTo(String newDirectory) {
        return new ShardLayout(newDirectory, buildId, dimension, similarity, spec, idKind, shardSizes);
    }

    void write(HadoopFiles files) {
        Properties properties = new Properties();
        properties.setProperty("format", FORMAT);
        properties.setProperty("buildId", buildId);
        properties.setProperty("dimension", Integer.toString(dimension));
        properties.setProperty("similarity", similarity.name());
        properties.setProperty("spec", spec);
        properties.setProperty("idKind", idKind.name());
        properties.setProperty("shardSizes", String.join(",", Arrays.stream(shardSizes).mapToObj(Integer::toString).toList()));
        try (OutputStream out = files.create(directory + "/" + PROPERTIES_FILE)) {
            properties.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "Annex shards");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory + "/" + PROPERTIES_FILE + ": " + e.getMessage(), e);
        }
    }

    /** Reads the layout under {@code directory}; a clear error when it is missing or not an Annex index path. */
    static ShardLayout read(HadoopFiles files, String directory) {
        String file = directory + "/" + PROPERTIES_FILE;
        Properties properties = new Properties();
        try (InputStream in = files.open(file)) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Annex shards at " + directory + " (" + file + "): "
                    + e.getMessage(), e);
        }
        if (!FORMAT.equals(properties.getProperty("format"))) {
            throw new IllegalArgumentException(file + " is not an Annex shard layout (format '"
                    + properties.getProperty("format") + "', expected '" + FORMAT + "')");
        }
        String sizes = properties.getProperty("shardSizes");
        return new ShardLayout(directory, properties.getProperty("buildId"),
                Integer.parseInt(properties.getProperty("dimension")),
                Similarity.valueOf(properties.getProperty("similarity")), properties.getProperty("spec"),
                IdKind.valueOf(properties.getProperty("idKind")),
                sizes.isEmpty() ? new int[0] : Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardLayout other && directory.equals(other.directory) && buildId.equals(other.buildId)
                && Arrays.equals(shardSizes, other.shardSizes);
    }

    @Override
    public int hashCode() {
        return buildId.hashCode();
    }

    @Override
    public String toString() {
        return "ShardLayout[" + directory + ", " + shards() + " shards, " + items() + " items, " + spec + ", "
                + similarity + ", d=" + dimension + "]";
    }
}
