package dev.annex.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Access to the file system of an index path (local, HDFS, S3, anything Hadoop can open) from
 * the driver and from executors. It carries the driver's Hadoop settings to the executors, so
 * credentials and file-system options set on the Spark session apply there too.
 */
final class HadoopFiles implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Map<String, String> settings;
    private transient Configuration configuration;

    private HadoopFiles(Map<String, String> settings) {
        this.settings = settings;
    }

    static HadoopFiles of(Configuration configuration) {
        Map<String, String> settings = new HashMap<>();
        for (Map.Entry<String, String> entry : configuration) {
            settings.put(entry.getKey(), entry.getValue());
        }
        return new HadoopFiles(settings);
    }

    private Configuration configuration() {
        if (configuration == null) {
            Configuration fresh = new Configuration(false);
            settings.forEach(fresh::set);
            configuration = fresh;
        }
        return configuration;
    }

    private FileSystem fileSystem(Path path) throws IOException {
        return path.getFileSystem(configuration());
    }

    boolean exists(String path) {
        try {
            Path p = new Path(path);
            return fileSystem(p).exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + path + ": " + e.getMessage(), e);
        }
    }

    /** A new file at {@code path}, replacing one a failed earlier attempt of the same task left. */
    OutputStream create(String path) throws IOException {
        Path p = new Path(path);
        return fileSystem(p).create(p, true);
    }

    InputStream open(String path) throws IOException {
        Path p = new Path(path);
        return fileSystem(p).open(p);
    }

    /** Copies a local file to {@code destination}. */
    void upload(java.nio.file.Path local, String destination) throws IOException {
        Path target = new Path(destination);
        fileSystem(target).copyFromLocalFile(false, true, new Path(local.toUri()), target);
    }

    /** Copies {@code source} to a local file. */
    void download(String source, java.nio.file.Path local) throws IOException {
        Path from = new Path(source);
        fileSystem(from).copyToLocalFile(false, from, new Path(local.toUri()), true);
    }

    /** Copies the directory tree {@code source} to {@code destination}, which must not exist. */
    void copyTree(String source, String destination) throws IOException {
        Path from = new Path(source);
        Path to = new Path(destination);
        if (!FileUtil.copy(fileSystem(from), from, fileSystem(to), to, false, false, configuration())) {
            throw new IOException("could not copy " + source + " to " + destination);
        }
    }
}
