package dev.annex.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import static org.apache.spark.sql.functions.col;

/** The type of the identifier column: whole numbers (int or long columns) or strings. */
public enum IdKind {
    LONG(DataTypes.LongType),
    STRING(DataTypes.StringType);

    private final DataType sparkType;

    IdKind(DataType sparkType) {
        this.sparkType = sparkType;
    }

    /** The Spark type ids of this kind have in results. */
    public DataType sparkType() {
        return sparkType;
    }

    /** The kind of {@code column} in {@code schema}; a clear error when it is missing or of another type. */
    static IdKind of(StructType schema, String column, String role) {
        DataType type = InputColumns.field(schema, column, role).dataType();
        if (type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)) {
            return LONG;
        }
        if (type.equals(DataTypes.StringType)) {
            return STRING;
        }
        throw new IllegalArgumentException(role + " column '" + column + "' has type " + type.simpleString()
                + "; ids must be int, long or string");
    }

    /** {@code column} read as this kind (ints widen to longs). */
    Column column(String column) {
        return col(column).cast(sparkType);
    }

    void write(DataOutput out, Object id) throws IOException {
        if (this == LONG) {
            out.writeLong((Long) id);
        } else {
            out.writeUTF((String) id);
        }
    }

    Object read(DataInput in) throws IOException {
        return this == LONG ? in.readLong() : in.readUTF();
    }

    /** A hash of {@code id} that is the same in every JVM (String.hashCode is specified; Long's too). */
    static int stableHash(Object id) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
