package dev.annex.collection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of named {@link Collection}s, each in a subdirectory of its name. Opening the
 * database opens (and recovers) every collection in it. Thread-safe.
 */
public final class Database implements AutoCloseable {

    static {
        System.setProperty("chronicle.analytics.disable", "true");
    }

    /** Collection names become directory names: letters, digits, _ and -, 1 to 64 of them. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path root;
    private final CollectionOptions options;
    private final Map<String, Collection> collections = new TreeMap<>();
    private boolean closed;

    private Database(Path root, CollectionOptions options) {
        this.root = root;
        this.options = options;
    }

    /** Opens the database in {@code root} (created when missing), recovering every collection in it. */
    public static Database open(Path root, CollectionOptions options) throws IOException {
        if (root == null || options == null) {
            throw new IllegalArgumentException("database directory and options are required, got " + root + ", " + options);
        }
        Files.createDirectories(root);
        Database database = new Database(root, options);
        try (Stream<Path> entries = Files.list(root)) {
            for (Path directory : entries.filter(Files::isDirectory).sorted().toList()) {
                String name = directory.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    database.collections.put(name, Collection.open(name, directory, options));
                }
            }
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Creates an empty collection; IVF-PQ collections take their training sample with {@link #create(String, CollectionSchema, float[][])}. */
    public Collection create(String name, CollectionSchema schema) throws IOException {
        return create(name, schema, null);
    }

    /** Creates an empty collection whose index is trained on {@code trainingSample} (IVF-PQ only). */
    public synchronized Collection create(String name, CollectionSchema schema, float[][] trainingSample) throws IOException {
        checkOpen();
        checkName(name);
        if (schema == null) {
            throw new IllegalArgumentException("schema is null");
        }
        if (collections.containsKey(name) || Files.exists(root.resolve(name))) {
            throw new CollectionExistsException("collection '" + name + "' already exists");
        }
        Collection.create(root.resolve(name), schema, trainingSample);
        Collection collection = Collection.open(name, root.resolve(name), options);
        collections.put(name, collection);
        return collection;
    }

    /** The open collection {@code name}. */
    public synchronized Collection collection(String name) {
        checkOpen();
        checkName(name);
        Collection collection = collections.get(name);
        if (collection == null) {
            throw new UnknownCollectionException("unknown collection '" + name + "'; collections: " + collections.keySet());
        }
        return collection;
    }

    /** The names of the collections, sorted. */
    public synchronized List<String> list() {
        checkOpen();
        return new ArrayList<>(collections.keySet());
    }

    /** Closes and deletes collection {@code name} with all its files. */
    public synchronized void drop(String name) throws IOException {
        Collection collection = collection(name);
        collections.remove(name);
        collection.close();
        Path directory = root.resolve(name);
        Path doomed = root.resolve("." + name + ".dropping");
        Files.move(directory, doomed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(root);
        Durable.deleteTree(doomed);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name '" + name
                    + "' must be 1 to 64 letters, digits, _ or - (it becomes a directory name)");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("database " + root + " is closed");
        }
    }

    /** Closes every collection (each takes a snapshot first). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (Collection collection : collections.values()) {
            try {
                collection.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        collections.clear();
        if (first != null) {
            throw new UncheckedIOException("closing database " + root + " failed: " + first.getMessage(), first);
        }
    }
}
