package dev.annex.bench.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of Annex and jvector this bench was built against, for the CSV {@code params} column. */
final class Versions {

    static final String ANNEX;
    static final String JVECTOR;

    static {
        Properties versions = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ANNEX = versions.getProperty("annex");
        JVECTOR = versions.getProperty("jvector");
    }

    private Versions() {
    }
}
