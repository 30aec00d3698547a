package dev.annex.api;

import java.util.Locale;
import java.util.regex.Matcher;

/**
 * What an index is and how it is built, parsed from and printed as a factory string
 * (comma-separated, case-insensitive, FAISS style):
 * <ul>
 *   <li>{@code Flat[,threads<N>]}: exact brute force ({@link FlatSpec}).</li>
 *   <li>{@code HNSW<M>[,efc<N>][,seed<N>][,threads<N>][,SQ8[,Rerank<f>]]}: a graph index, optionally
 *       walked on int8 codes ({@link HnswSpec}).</li>
 *   <li>{@code IVF<nlist>,PQ<m>x8|PQ<m>x4fs[,Rerank<factor>][,seed<N>][,threads<N>][,iter<N>]}:
 *       inverted lists of product-quantized codes, 8-bit or 4-bit fast scan ({@link IvfPqSpec}).</li>
 * </ul>
 * Omitted settings take the defaults of each spec. {@link #toString()} prints every setting, so
 * {@code parse(spec.toString())} equals {@code spec}, and an index built from the printed string
 * with one build thread, the same seed and the same data saves a byte-identical file. Bounds
 * are checked here once, so any spec that parses also loads again after saving.
 */
public sealed interface IndexSpec permits FlatSpec, HnswSpec, IvfPqSpec {

    /** Build threads bound, shared by every spec. */
    int MAX_THREADS = 1024;

    /** The factory string of this spec, every setting included. */
    @Override
    String toString();

    /** Build or training threads. */
    int threads();

    /** Parses a factory string; a clear {@link IllegalArgumentException} names what is wrong. */
    static IndexSpec parse(String factory) {
        if (factory == null || factory.isBlank()) {
            throw new IllegalArgumentException("factory string is empty; try \"HNSW16,efc200\", \"IVF1024,PQ16x8\" or \"Flat\"");
        }
        String[] parts = factory.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        Matcher hnsw = FactorySettings.HNSW.matcher(parts[0]);
        Matcher ivf = FactorySettings.IVF.matcher(parts[0]);
        if (parts[0].equals("flat")) {
            return FlatSpec.parseSettings(new FactorySettings(factory, parts, 1, "Flat", "threads"));
        }
        if (hnsw.matches()) {
            return HnswSpec.parseSettings(FactorySettings.number(factory, hnsw.group(1), "M"),
                    new FactorySettings(factory, parts, 1, "HNSW", "efc", "seed", "threads", "sq", "rerank"));
        }
        if (ivf.matches()) {
            int nlist = FactorySettings.number(factory, ivf.group(1), "nlist");
            Matcher pq = parts.length > 1 ? FactorySettings.PQ.matcher(parts[1]) : null;
            if (pq == null || !pq.matches()) {
                throw new IllegalArgumentException("IVF needs a PQ<m>x8 part after IVF" + nlist + " in factory string '"
                        + factory + "'");
            }
            boolean fastScan = pq.group(3) != null;
            if (!(fastScan ? pq.group(2).equals("4") : pq.group(2).equals("8"))) {
                throw new IllegalArgumentException("product quantization is PQ<m>x8 or PQ<m>x4fs (4-bit fast scan), got '"
                        + parts[1] + "' in factory string '" + factory + "'");
            }
            return IvfPqSpec.parseSettings(nlist, FactorySettings.number(factory, pq.group(1), "m"), fastScan ? 4 : 8,
                    new FactorySettings(factory, parts, 2, "IVF", "rerank", "seed", "threads", "iter"));
        }
        throw new IllegalArgumentException("unknown index '" + parts[0] + "' in factory string '" + factory
                + "'; known: Flat, HNSW<M>, IVF<nlist>,PQ<m>x8");
    }

    /** Throws unless {@code min <= value <= max}, naming the setting and the value. */
    static int checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }
}
