package dev.annex.bench;

import dev.annex.vector.Similarity;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded synthetic datasets, named so that the name alone regenerates them:
 * {@code clustered-N-D-METRIC} is a Gaussian mixture of N base vectors in D dimensions compared
 * by l2, ip or cosine; {@code two-tower-N-D-ip} is two-tower-like inner-product data, the same
 * mixture with item norms spread log-uniformly over 10x, as popularity spreads item embeddings.
 * Both have 1,000 queries drawn from the same mixture.
 */
public final class SyntheticData {

    /** Queries generated with every synthetic dataset. */
    public static final int QUERIES = 1_000;

    private static final Pattern NAME = Pattern.compile("(clustered|two-tower)-(\\d+)-(\\d+)(?:-(l2|ip|cosine))?");
    private static final float SPREAD = 0.15f;
    private static final int VECTORS_PER_CLUSTER = 500;

    private SyntheticData() {
    }

    /** Whether {@code name} names a synthetic dataset. */
    public static boolean isSynthetic(String name) {
        return NAME.matcher(name).matches();
    }

    /** The canonical name of the synthetic dataset {@code name} names (the metric spelled out). */
    public static String canonicalName(String name) {
        Matcher m = matcher(name);
        return m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "-" + metricOf(m);
    }

    /** Base vectors and queries of the synthetic dataset {@code name}, from {@code seed}; no ground truth. */
    public static float[][][] generate(String name, long seed) {
        Matcher m = matcher(name);
        int n = parse(m.group(2), name);
        int dimension = parse(m.group(3), name);
        Random random = new Random(seed);
        float[][] centres = new float[Math.max(1, n / VECTORS_PER_CLUSTER)][dimension];
        for (float[] centre : centres) {
            for (int j = 0; j < dimension; j++) {
                centre[j] = random.nextFloat() * 2 - 1;
            }
        }
        float[][] base = sample(n, centres, random);
        float[][] queries = sample(QUERIES, centres, random);
        if (m.group(1).equals("two-tower")) {
            spreadNorms(base, random);
        }
        return new float[][][] {base, queries};
    }

    /** The similarity of the synthetic dataset {@code name}. */
    public static Similarity similarity(String name) {
        return switch (metricOf(matcher(name))) {
            case "ip" -> Similarity.DOT;
            case "cosine" -> Similarity.COSINE;
            default -> Similarity.L2;
        };
    }

    private static String metricOf(Matcher m) {
        if (m.group(1).equals("two-tower")) {
            if (m.group(4) != null && !m.group(4).equals("ip")) {
                throw new BenchmarkException("two-tower data is compared by inner product; drop '-" + m.group(4) + "'");
            }
            return "ip";
        }
        return m.group(4) == null ? "l2" : m.group(4);
    }

    private static Matcher matcher(String name) {
        Matcher m = NAME.matcher(name.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BenchmarkException("'" + name + "' is not a synthetic dataset name; use clustered-N-D[-l2|ip|cosine] or two-tower-N-D");
        }
        return m;
    }

    private static int parse(String digits, String name) {
        try {
            int value = Integer.parseInt(digits);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BenchmarkException("synthetic dataset '" + name + "': sizes must be positive whole numbers, got " + digits);
    }

    private static float[][] sample(int count, float[][] centres, Random random) {
        int dimension = centres[0].length;
        float[][] points = new float[count][dimension];
        for (float[] point : points) {
            float[] centre = centres[random.nextInt(centres.length)];
            for (int j = 0; j < dimension; j++) {
                point[j] = centre[j] + (float) random.nextGaussian() * SPREAD;
            }
        }
        return points;
    }

    private static void spreadNorms(float[][] vectors, Random random) {
        for (float[] vector : vectors) {
            double squared = 0;
            for (float v : vector) {
                squared += v * v;
            }
            float scale = (float) (Math.pow(10, random.nextDouble()) / Math.sqrt(squared));
            for (int j = 0; j < vector.length; j++) {
                vector[j] *= scale;
            }
        }
    }
}
