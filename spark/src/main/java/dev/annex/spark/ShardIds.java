package dev.annex.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The item id of every ordinal of one shard, and the way back. The file is
 * {@code "AXID", kind, count, ids…, CRC32C of everything before}; a damaged file is refused
 * with its path.
 */
final class ShardIds {

    private static final int MAGIC = 0x41584944;

    private final Object[] ids;
    private volatile Map<Object, Integer> ordinals;

    private ShardIds(Object[] ids) {
        this.ids = ids;
    }

    Object id(int ordinal) {
        return ids[ordinal];
    }

    int size() {
        return ids.length;
    }

    /** The ordinal of {@code id} in this shard, or -1. The lookup table is built on first use. */
    int ordinalOf(Object id) {
        Map<Object, Integer> map = ordinals;
        if (map == null) {
            synchronized (this) {
                map = ordinals;
                if (map == null) {
                    map = new HashMap<>(ids.length * 2);
                    for (int i = 0; i < ids.length; i++) {
                        map.put(ids[i], i);
                    }
                    ordinals = map;
                }
            }
        }
        Integer ordinal = map.get(id);
        return ordinal == null ? -1 : ordinal;
    }

    static void write(HadoopFiles files, String path, IdKind kind, List<Object> ids) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeInt(MAGIC);
        data.writeByte(kind.ordinal());
        data.writeInt(ids.size());
        for (Object id : ids) {
            kind.write(data, id);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        data.writeInt((int) crc.getValue());
        try (OutputStream out = files.create(path)) {
            bytes.writeTo(out);
        }
    }

    static ShardIds read(HadoopFiles files, String path, IdKind kind) throws IOException {
        byte[] bytes;
        try (InputStream in = files.open(path)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length < 13) {
            throw new IOException(path + " is damaged: " + bytes.length + " bytes is shorter than any id file");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(bytes));
        data.skipNBytes(bytes.length - 4);
        if (data.readInt() != (int) crc.getValue()) {
            throw new IOException(path + " is damaged: its checksum does not match");
        }
        data = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (data.readInt() != MAGIC || data.readByte() != kind.ordinal()) {
            throw new IOException(path + " is not an id file of " + kind + " ids");
        }
        Object[] ids = new Object[data.readInt()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = kind.read(data);
        }
        return new ShardIds(ids);
    }
}
