package dev.annex.ivf;

import dev.annex.api.IvfPqSpec;
import dev.annex.format.CommonSections;
import dev.annex.format.IndexFileHeader;
import dev.annex.format.IndexFileReader;
import dev.annex.format.IndexFileWriter;
import dev.annex.format.IndexType;
import dev.annex.quant.ProductQuantizer;
import dev.annex.util.ConcurrentBitSet;
import dev.annex.vector.VectorStorage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The IVF-PQ file. After the common header of {@link IndexFileHeader}: nlist, m, rerank factor,
 * seed (long), threads, iterations, size; nlist × d centroid floats; the codebooks (d × K
 * floats, layout of {@link ProductQuantizer}); the deletion section of {@link CommonSections};
 * for each list: its size, its ordinals, its codes, its corrections; then, when vectors are
 * kept, the vector section of {@link CommonSections}. The file type says the code width:
 * {@link IndexType#IVF_PQ} has 8-bit codes (K = 256, size × m bytes per list),
 * {@link IndexType#IVF_PQ_FAST_SCAN} 4-bit codes (K = 16) in {@link InvertedList}'s packed
 * blocks, whole blocks written.
 *
 * <p>Loading checks the settings against the bounds {@link IvfPqSpec} enforces at creation,
 * every count against the bytes left before allocating, every ordinal against the size, and
 * that the lists hold each ordinal exactly once.
 */
final class IvfPqFileFormat {

    private IvfPqFileFormat() {
    }

    static void write(IvfPqIndex index, Path path) throws IOException {
        IvfPqSpec spec = index.spec();
        IvfPqIndex.Trained trained = index.trained();
        int dimension = index.dimension();
        int count = index.size();
        IndexType type = spec.fastScan() ? IndexType.IVF_PQ_FAST_SCAN : IndexType.IVF_PQ;
        try (IndexFileWriter writer = new IndexFileWriter(path, new IndexFileHeader(type, index.similarity(), dimension))) {
            writer.writeInt(spec.nlist());
            writer.writeInt(spec.subspaces());
            writer.writeInt(spec.rerankFactor());
            writer.writeLong(spec.seed());
            writer.writeInt(spec.threads());
            writer.writeInt(spec.iterations());
            writer.writeInt(count);
            for (float[] centroid : trained.coarse().centroids().rows()) {
                writer.writeFloats(centroid, 0, dimension);
            }
            float[] codebooks = trained.pq().codebooks();
            writer.writeFloats(codebooks, 0, codebooks.length);
            CommonSections.writeDeleted(writer, index::isDeleted, count);
            for (InvertedList list : trained.lists()) {
                InvertedList.Snapshot entries = list.snapshot();
                int listed = 0;
                for (int i = 0; i < entries.size(); i++) {
                    listed += entries.ordinals()[i] < count ? 1 : 0;
                }
                writer.writeInt(listed);
                writer.writeInts(entries.ordinals(), 0, listed);
                writer.writeBytes(entries.codes(), 0, (int) InvertedList.codeBytes(spec.subspaces(), spec.fastScan(), listed));
                writer.writeFloats(entries.corrections(), 0, listed);
            }
            if (index.vectors() != null) {
                CommonSections.writeVectors(writer, index.vectors(), count);
            }
            writer.commit();
        }
    }

    static IvfPqIndex read(Path path, boolean mapped) throws IOException {
        boolean fastScan = IndexFileReader.peekType(path) == IndexType.IVF_PQ_FAST_SCAN;
        try (IndexFileReader reader = IndexFileReader.open(path, fastScan ? IndexType.IVF_PQ_FAST_SCAN : IndexType.IVF_PQ)) {
            IndexFileHeader header = reader.header();
            int dimension = header.dimension();
            int nlist = reader.readInt();
            int m = reader.readInt();
            int rerank = reader.readInt();
            long seed = reader.readLong();
            int threads = reader.readInt();
            int iterations = reader.readInt();
            IvfPqSpec spec = reader.checked(() -> new IvfPqSpec(nlist, m, fastScan ? 4 : 8, rerank, seed, threads, iterations));
            if (dimension % m != 0) {
                throw reader.corrupt("m=" + m + " does not divide the dimension " + dimension);
            }
            int count = reader.readInt("size", 0, Integer.MAX_VALUE);
            long centroidBytes = (long) nlist * dimension * Float.BYTES;
            int centroidsPerSubspace = 1 << spec.codeBits();
            long codebookBytes = (long) dimension * centroidsPerSubspace * Float.BYTES;
            long perVector = Integer.BYTES + (fastScan ? m / 2 : m) + Float.BYTES
                    + (spec.keepsVectors() ? (long) dimension * Float.BYTES : 0);
            reader.requireRemaining(centroidBytes + codebookBytes + (long) count * perVector,
                    nlist + " centroids, the codebooks and " + count + " vectors");
            float[][] centroids = new float[nlist][dimension];
            for (float[] centroid : centroids) {
                reader.readFloats(centroid, 0, dimension);
            }
            float[] codebooks = new float[dimension * centroidsPerSubspace];
            reader.readFloats(codebooks, 0, codebooks.length);
            ConcurrentBitSet deleted = CommonSections.readDeleted(reader, count);
            InvertedList[] lists = new InvertedList[nlist];
            boolean[] seen = new boolean[count];
            int listed = 0;
            for (int list = 0; list < nlist; list++) {
                int entries = reader.readInt("size of list " + list, 0, count - listed);
                int[] ordinals = new int[entries];
                for (int i = 0; i < entries; i++) {
                    ordinals[i] = reader.readInt("ordinal in list " + list, 0, count - 1);
                    if (seen[ordinals[i]]) {
                        throw reader.corrupt("ordinal " + ordinals[i] + " appears in more than one list entry");
                    }
                    seen[ordinals[i]] = true;
                }
                long codeBytes = InvertedList.codeBytes(m, fastScan, entries);
                reader.requireRemaining(codeBytes, "the codes of list " + list);
                byte[] codes = new byte[(int) codeBytes];
                reader.readBytes(codes, 0, codes.length);
                float[] corrections = new float[entries];
                reader.readFloats(corrections, 0, entries);
                lists[list] = InvertedList.of(m, fastScan, ordinals, codes, corrections);
                listed += entries;
            }
            if (listed != count) {
                throw reader.corrupt("lists hold " + listed + " vectors, the header says " + count);
            }
            VectorStorage vectors = spec.keepsVectors() ? CommonSections.readVectors(reader, dimension, count, mapped) : null;
            reader.expectEnd();
            IvfPqIndex.Trained trained = new IvfPqIndex.Trained(new CoarseQuantizer(centroids, header.similarity(), seed),
                    new ProductQuantizer(dimension, m, spec.codeBits(), codebooks), lists);
            return new IvfPqIndex(dimension, header.similarity(), spec, vectors, deleted, count, trained,
                    mapped ? reader.keepMapping() : null);
        }
    }
}
