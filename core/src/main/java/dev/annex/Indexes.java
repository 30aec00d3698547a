package dev.annex;

import dev.annex.api.VectorIndex;
import dev.annex.exact.ExactIndex;
import dev.annex.hnsw.HnswConfig;
import dev.annex.hnsw.HnswIndex;
import dev.annex.ivf.IvfPqConfig;
import dev.annex.ivf.IvfPqIndex;
import dev.annex.store.IndexFileReader;
import dev.annex.vector.Similarity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The front door: creates indices from factory strings and loads saved ones.
 *
 * <p>Factory strings, comma-separated, case-insensitive:
 * <ul>
 *   <li>{@code Flat}: exact brute force ({@link ExactIndex}).</li>
 *   <li>{@code HNSW<M>[,efc<efConstruction>][,seed<seed>][,threads<buildThreads>]}: an {@link HnswIndex};
 *       omitted settings take {@link HnswConfig#DEFAULT}'s, e.g. {@code HNSW32,efc200}.</li>
 *   <li>{@code IVF<nlist>,PQ<m>x8[,Rerank<factor>][,seed<seed>][,threads<threads>][,iter<iterations>]}:
 *       an {@link IvfPqIndex}; {@code Rerank} keeps full vectors and re-scores {@code k × factor}
 *       candidates by default, e.g. {@code IVF1024,PQ16x8,Rerank10}. Train it before adding.</li>
 * </ul>
 * Every index reports its own factory string ({@link VectorIndex#factoryString()}), and creating
 * from that string gives an index with the same settings.
 */
public final class Indexes {

    private static final Pattern HNSW = Pattern.compile("hnsw(\\d+)");
    private static final Pattern IVF = Pattern.compile("ivf(\\d+)");
    private static final Pattern PQ = Pattern.compile("pq(\\d+)x(\\d+)");
    private static final Pattern SETTING = Pattern.compile("(efc|seed|threads|rerank|iter)(-?\\d+)");

    private Indexes() {
    }

    /** An empty index for {@code dimension}-component vectors compared by {@code similarity}, as {@code factory} describes. */
    public static VectorIndex create(int dimension, Similarity similarity, String factory) {
        if (factory == null || factory.isBlank()) {
            throw new IllegalArgumentException("factory string is empty; try \"HNSW16,efc200\" or \"Flat\"");
        }
        String[] parts = factory.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        if (parts[0].equals("flat") && parts.length == 1) {
            return new ExactIndex(dimension, similarity, Runtime.getRuntime().availableProcessors());
        }
        Matcher ivf = IVF.matcher(parts[0]);
        if (ivf.matches()) {
            return createIvf(dimension, similarity, parts, parseInt(ivf.group(1), factory), factory);
        }
        Matcher hnsw = HNSW.matcher(parts[0]);
        if (!hnsw.matches()) {
            throw new IllegalArgumentException("unknown index '" + parts[0] + "' in factory string '" + factory
                    + "'; known: Flat, HNSW<M>, IVF<nlist>,PQ<m>x8");
        }
        HnswConfig config = HnswConfig.DEFAULT.withMaxConnections(parseInt(hnsw.group(1), factory));
        for (int i = 1; i < parts.length; i++) {
            Matcher setting = SETTING.matcher(parts[i]);
            if (!setting.matches()) {
                throw new IllegalArgumentException("unknown HNSW setting '" + parts[i] + "' in factory string '" + factory
                        + "'; known: efc<N>, seed<N>, threads<N>");
            }
            String value = setting.group(2);
            config = switch (setting.group(1)) {
                case "efc" -> config.withEfConstruction(parseInt(value, factory));
                case "seed" -> config.withSeed(Long.parseLong(value));
                case "threads" -> config.withBuildThreads(parseInt(value, factory));
                default -> throw new IllegalArgumentException("unknown HNSW setting '" + parts[i] + "' in factory string '"
                        + factory + "'; known: efc<N>, seed<N>, threads<N>");
            };
        }
        return new HnswIndex(dimension, similarity, config);
    }

    private static IvfPqIndex createIvf(int dimension, Similarity similarity, String[] parts, int nlist, String factory) {
        Matcher pq = parts.length > 1 ? PQ.matcher(parts[1]) : null;
        if (pq == null || !pq.matches()) {
            throw new IllegalArgumentException("IVF needs a PQ<m>x8 part after IVF" + nlist + " in factory string '" + factory + "'");
        }
        if (!pq.group(2).equals("8")) {
            throw new IllegalArgumentException("only 8-bit product quantization is supported, got '" + parts[1]
                    + "' in factory string '" + factory + "'");
        }
        IvfPqConfig config = IvfPqConfig.of(nlist, parseInt(pq.group(1), factory));
        for (int i = 2; i < parts.length; i++) {
            Matcher setting = SETTING.matcher(parts[i]);
            if (!setting.matches() || setting.group(1).equals("efc")) {
                throw new IllegalArgumentException("unknown IVF setting '" + parts[i] + "' in factory string '" + factory
                        + "'; known: Rerank<N>, seed<N>, threads<N>, iter<N>");
            }
            String value = setting.group(2);
            config = switch (setting.group(1)) {
                case "rerank" -> config.withRerankFactor(parseInt(value, factory));
                case "seed" -> config.withSeed(Long.parseLong(value));
                case "threads" -> config.withThreads(parseInt(value, factory));
                default -> config.withIterations(parseInt(value, factory));
            };
        }
        return new IvfPqIndex(dimension, similarity, config);
    }

    /** Loads a saved index of any type onto the heap, verifying it completely. */
    public static VectorIndex load(Path path) throws IOException {
        return load(path, false);
    }

    /**
     * Loads a saved index of any type. With {@code mapped}, vectors are served from the file's
     * memory mapping (for indices larger than the heap; the index is then read-only but for deletes).
     */
    public static VectorIndex load(Path path, boolean mapped) throws IOException {
        return switch (IndexFileReader.peekType(path)) {
            case EXACT -> ExactIndex.load(path, mapped);
            case HNSW -> HnswIndex.load(path, mapped);
            case IVF_PQ -> IvfPqIndex.load(path, mapped);
        };
    }

    private static int parseInt(String digits, String factory) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number '" + digits + "' out of range in factory string '" + factory + "'");
        }
    }
}
