package dev.annex.hnsw;

import dev.annex.api.HnswSpec;
import dev.annex.format.CommonSections;
import dev.annex.format.CorruptIndexException;
import dev.annex.format.IndexFileHeader;
import dev.annex.format.IndexFileReader;
import dev.annex.format.IndexFileWriter;
import dev.annex.format.IndexType;
import dev.annex.quant.ScalarQuantizer;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The HNSW file. After the common header of {@link IndexFileHeader}, little-endian ints unless
 * noted: M, efConstruction, seed (long), build threads, size, entry node, entry level; one level
 * per node; the deletion section of {@link CommonSections}; for every node its layer-0 list
 * (count, then neighbours); for every node with level &gt; 0, its lists on levels 1..level;
 * then the vector section of {@link CommonSections}. An SQ8 graph ({@link IndexType#HNSW_SQ8}) adds
 * the re-rank factor after the build threads and, after the vectors, the quantizer's offsets and
 * scales (floats, one per dimension each); its codes are encoded again on loading.
 *
 * <p>Loading checks every field's meaning, not only the checksum: the settings against the
 * bounds {@link HnswSpec} enforces at creation, sizes against the bytes left before anything is
 * allocated, the entry node's level against the highest level, and every neighbour against the
 * node count and, on upper layers, against the neighbour's own level.
 */
final class HnswFileFormat {

    private HnswFileFormat() {
    }

    static void write(HnswIndex index, Path path) throws IOException {
        HnswGraph graph = index.graph();
        HnswSpec spec = index.spec();
        VectorStorage vectors = index.vectors();
        int size = vectors.size();
        long entry = graph.entry();
        ScalarQuantizer quantizer = index.quantizer();
        IndexType type = spec.scalarQuantized() ? IndexType.HNSW_SQ8 : IndexType.HNSW;
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(type, index.similarity(), index.dimension()))) {
            writer.writeInt(spec.maxConnections());
            writer.writeInt(spec.efConstruction());
            writer.writeLong(spec.seed());
            writer.writeInt(spec.buildThreads());
            if (spec.scalarQuantized()) {
                writer.writeInt(spec.rerankFactor());
            }
            writer.writeInt(size);
            writer.writeInt(HnswGraph.entryNodeOf(entry));
            writer.writeInt(HnswGraph.entryLevelOf(entry));
            for (int node = 0; node < size; node++) {
                writer.writeInt(graph.level(node));
            }
            CommonSections.writeDeleted(writer, index::isDeleted, size);
            int[] neighbours = new int[graph.maxConnections(0)];
            for (int node = 0; node < size; node++) {
                writeList(writer, graph.neighbours(node, 0, neighbours), neighbours);
            }
            for (int node = 0; node < size; node++) {
                for (int level = 1; level <= graph.level(node); level++) {
                    writeList(writer, graph.neighbours(node, level, neighbours), neighbours);
                }
            }
            CommonSections.writeVectors(writer, vectors, size);
            if (spec.scalarQuantized()) {
                // An index saved before training has no quantizer yet: a zero flag says so.
                writer.writeInt(quantizer == null ? 0 : 1);
                if (quantizer != null) {
                    writer.writeFloats(quantizer.offsets(), 0, index.dimension());
                    writer.writeFloats(quantizer.scales(), 0, index.dimension());
                }
            }
            writer.commit();
        }
    }

    private static void writeList(IndexFileWriter writer, int count, int[] neighbours) throws IOException {
        writer.writeInt(count);
        writer.writeInts(neighbours, 0, count);
    }

    static HnswIndex read(Path path, boolean mapped) throws IOException {
        boolean quantized = IndexFileReader.peekType(path) == IndexType.HNSW_SQ8;
        try (IndexFileReader reader = IndexFileReader.open(path, quantized ? IndexType.HNSW_SQ8 : IndexType.HNSW)) {
            IndexFileHeader header = reader.header();
            int dimension = header.dimension();
            int maxConnections = reader.readInt();
            int efConstruction = reader.readInt();
            long seed = reader.readLong();
            int buildThreads = reader.readInt();
            int rerankFactor = quantized ? reader.readInt() : 0;
            HnswSpec spec = reader.checked(() -> new HnswSpec(maxConnections, efConstruction, seed, buildThreads, quantized,
                    rerankFactor));
            int size = reader.readInt("size", 0, Integer.MAX_VALUE);
            // Per node at least: a level, a layer-0 count and the vector.
            reader.requireRemaining((long) size * (2L * Integer.BYTES + (long) dimension * Float.BYTES), size + " nodes");
            int entryNode = reader.readInt("entry node", size == 0 ? -1 : 0, size - 1);
            int entryLevel = reader.readInt("entry level", size == 0 ? -1 : 0, size == 0 ? -1 : 63);
            HnswGraph graph = new HnswGraph(maxConnections);
            int topLevel = -1;
            for (int node = 0; node < size; node++) {
                int level = reader.readInt("level of node " + node, 0, 63);
                graph.addNode(node, level);
                topLevel = Math.max(topLevel, level);
            }
            if (size > 0 && (graph.level(entryNode) != entryLevel || entryLevel != topLevel)) {
                throw reader.corrupt("entry node " + entryNode + " is recorded at level " + entryLevel + ", but its level is "
                        + graph.level(entryNode) + " and the highest level is " + topLevel);
            }
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, size);
            int[] neighbours = new int[graph.maxConnections(0)];
            for (int node = 0; node < size; node++) {
                readList(reader, graph, node, 0, size, neighbours);
            }
            for (int node = 0; node < size; node++) {
                for (int level = 1; level <= graph.level(node); level++) {
                    readList(reader, graph, node, level, size, neighbours);
                }
            }
            if (size > 0) {
                graph.setEntry(entryNode, entryLevel);
            }
            VectorStorage vectors = CommonSections.readVectors(reader, dimension, size, mapped);
            ScalarQuantizer quantizer = quantized ? readQuantizer(reader, dimension, size) : null;
            reader.expectEnd();
            return new HnswIndex(dimension, header.similarity(), spec, vectors, graph, deleted,
                    mapped ? reader.keepMapping() : null, quantizer);
        }
    }

    private static ScalarQuantizer readQuantizer(IndexFileReader reader, int dimension, int size) throws CorruptIndexException {
        int trained = reader.readInt("quantizer flag", size == 0 ? 0 : 1, 1);
        if (trained == 0) {
            return null;
        }
        reader.requireRemaining(2L * dimension * Float.BYTES, "the quantizer");
        float[] offsets = new float[dimension];
        float[] scales = new float[dimension];
        reader.readFloats(offsets, 0, dimension);
        reader.readFloats(scales, 0, dimension);
        return reader.checked(() -> new ScalarQuantizer(offsets, scales));
    }

    private static void readList(IndexFileReader reader, HnswGraph graph, int node, int level, int size, int[] into)
            throws CorruptIndexException {
        int count = reader.readInt("neighbour count of node " + node + " on level " + level, 0, graph.maxConnections(level));
        for (int i = 0; i < count; i++) {
            int neighbour = reader.readInt("neighbour of node " + node + " on level " + level, 0, size - 1);
            if (graph.level(neighbour) < level) {
                throw reader.corrupt("node " + node + " links to node " + neighbour + " on level " + level
                        + ", but that node's level is " + graph.level(neighbour));
            }
            into[i] = neighbour;
        }
        graph.setNeighbours(node, level, into, count);
    }
}
