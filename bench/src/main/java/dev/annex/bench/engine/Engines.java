package dev.annex.bench.engine;

import dev.annex.bench.BenchmarkException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The engines a sweep can name on the command line. */
public final class Engines {

    private static final Map<String, Supplier<Engine>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("annex-hnsw", () -> new AnnexHnswEngine(false));
        BY_NAME.put("annex-hnsw-sq8", () -> new AnnexHnswEngine(true));
        BY_NAME.put("annex-ivfpq", () -> new AnnexIvfPqEngine(false));
        BY_NAME.put("annex-ivfpq-fs", () -> new AnnexIvfPqEngine(true));
        BY_NAME.put("annex-flat", AnnexExactEngine::new);
        BY_NAME.put("jvector", JVectorEngine::new);
        BY_NAME.put("lucene", LuceneEngine::new);
    }

    /** Every engine name. */
    public static final List<String> NAMES = List.copyOf(BY_NAME.keySet());

    private Engines() {
    }

    /** The engines named in a comma-separated list, in its order. */
    public static List<Engine> parse(String names) {
        List<Engine> engines = new ArrayList<>();
        for (String name : names.split(",")) {
            Supplier<Engine> engine = BY_NAME.get(name.trim());
            if (engine == null) {
                throw new BenchmarkException("unknown engine '" + name.trim() + "'; known: " + String.join(", ", NAMES));
            }
            engines.add(engine.get());
        }
        return engines;
    }
}
