package dev.annex.format;

import java.io.IOException;
import java.nio.file.Path;

/** An index file failed a check (magic, version, length or checksum); the message names the file and the check. */
public final class CorruptIndexException extends IOException {

    private final Path file;

    public CorruptIndexException(Path file, String problem) {
        super("corrupt index file " + file + ": " + problem);
        this.file = file;
    }

    /** The file that failed the check. */
    public Path file() {
        return file;
    }
}
