package dev.annex.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes Texmex vector files: each record is a little-endian int32 dimension followed
 * by that many float32 ({@code .fvecs}) or int32 ({@code .ivecs}) values.
 */
public final class TexmexFiles {

    private TexmexFiles() {
    }

    /** All vectors of an {@code .fvecs} file. */
    public static float[][] readFvecs(Path path) throws IOException {
        ByteBuffer buffer = readAll(path);
        int dimension = firstDimension(path, buffer);
        int count = recordCount(path, buffer, dimension);
        float[][] vectors = new float[count][dimension];
        for (int i = 0; i < count; i++) {
            checkDimension(path, buffer.getInt(), dimension, i);
            buffer.asFloatBuffer().get(vectors[i]);
            buffer.position(buffer.position() + dimension * Float.BYTES);
        }
        return vectors;
    }

    /** All rows of an {@code .ivecs} file. */
    public static int[][] readIvecs(Path path) throws IOException {
        ByteBuffer buffer = readAll(path);
        int dimension = firstDimension(path, buffer);
        int count = recordCount(path, buffer, dimension);
        int[][] rows = new int[count][dimension];
        for (int i = 0; i < count; i++) {
            checkDimension(path, buffer.getInt(), dimension, i);
            buffer.asIntBuffer().get(rows[i]);
            buffer.position(buffer.position() + dimension * Integer.BYTES);
        }
        return rows;
    }

    /** Writes {@code rows} as an {@code .ivecs} file. */
    public static void writeIvecs(Path path, int[][] rows) throws IOException {
        int dimension = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(rows.length * (dimension + 1) * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] row : rows) {
            buffer.putInt(row.length);
            for (int value : row) {
                buffer.putInt(value);
            }
        }
        Files.write(path, buffer.array());
    }

    /** Writes {@code vectors} as an {@code .fvecs} file. */
    public static void writeFvecs(Path path, float[][] vectors) throws IOException {
        int dimension = vectors.length == 0 ? 0 : vectors[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(vectors.length * (dimension + 1) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] vector : vectors) {
            buffer.putInt(vector.length);
            for (float value : vector) {
                buffer.putFloat(value);
            }
        }
        Files.write(path, buffer.array());
    }

    private static ByteBuffer readAll(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new BenchmarkException(path + " is larger than 2 GiB, which this reader does not support");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until full
            }
            return buffer.flip();
        } catch (NoSuchFileException e) {
            throw new BenchmarkException("missing file: " + path);
        }
    }

    private static int firstDimension(Path path, ByteBuffer buffer) {
        if (buffer.remaining() < Integer.BYTES) {
            throw new BenchmarkException(path + " is empty");
        }
        int dimension = buffer.getInt(0);
        if (dimension <= 0 || dimension > 1 << 16) {
            throw new BenchmarkException(path + " starts with dimension " + dimension + ": not a Texmex file");
        }
        return dimension;
    }

    private static int recordCount(Path path, ByteBuffer buffer, int dimension) {
        long recordBytes = (dimension + 1L) * 4;
        if (buffer.remaining() % recordBytes != 0) {
            throw new BenchmarkException(path + " has " + buffer.remaining() + " bytes, not a whole number of "
                    + recordBytes + "-byte records of dimension " + dimension);
        }
        return (int) (buffer.remaining() / recordBytes);
    }

    private static void checkDimension(Path path, int found, int expected, int record) {
        if (found != expected) {
            throw new BenchmarkException(path + ": record " + record + " has dimension " + found + ", the first had " + expected);
        }
    }
}
