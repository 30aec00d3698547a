package dev.annex.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.size;

/**
 * Reads ids and features from the user's columns and finds bad rows before any work is done.
 * Features may be {@code array<float>}, {@code array<double>} or an ML {@code Vector}; all are
 * read as {@code array<float>}.
 */
final class InputColumns {

    /** Column names of the prepared frame: id then vector. */
    static final String ID = "__annex_id";
    static final String VECTOR = "__annex_vector";

    private InputColumns() {
    }

    static StructField field(StructType schema, String column, String role) {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException(role + " column is not set");
        }
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(role + " column '" + column + "' is missing; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        return schema.apply(column);
    }

    /** Fails unless {@code column} holds vectors Annex can read. */
    static void checkFeatures(StructType schema, String column, String role) {
        DataType type = field(schema, column, role).dataType();
        if (!isFeatureType(type)) {
            throw new IllegalArgumentException(role + " column '" + column + "' has type " + type.simpleString()
                    + "; features must be array<float>, array<double> or an ML Vector");
        }
    }

    private static boolean isFeatureType(DataType type) {
        if (type instanceof ArrayType array) {
            return array.elementType().equals(DataTypes.FloatType) || array.elementType().equals(DataTypes.DoubleType);
        }
        return type.equals(SQLDataTypes.VectorType());
    }

    /** {@code column} as {@code array<float>}. */
    static Column floats(StructType schema, String column) {
        if (schema.apply(column).dataType() instanceof ArrayType) {
            return col(column).cast(DataTypes.createArrayType(DataTypes.FloatType));
        }
        return org.apache.spark.ml.functions.vector_to_array(col(column), "float32");
    }

    /**
     * The id (as its kind) and the features (as floats) of every row, in the columns {@link #ID}
     * and {@link #VECTOR}, followed by {@code more}.
     */
    static Dataset<Row> prepare(Dataset<Row> rows, String idColumn, IdKind kind, String featuresColumn, Column... more) {
        Column[] columns = new Column[2 + more.length];
        columns[0] = kind.column(idColumn).as(ID);
        columns[1] = floats(rows.schema(), featuresColumn).as(VECTOR);
        System.arraycopy(more, 0, columns, 2, more.length);
        return rows.select(columns);
    }

    /** Reads a row of an {@code array<float>} column without boxing each component twice. */
    static float[] vector(Row row, int field) {
        List<Float> components = row.getList(field);
        float[] vector = new float[components.size()];
        for (int i = 0; i < vector.length; i++) {
            Float component = components.get(i);
            vector[i] = component == null ? Float.NaN : component;
        }
        return vector;
    }

    /**
     * Checks the prepared items before anything is built and returns their dimension: no null
     * id or vector, one length throughout, no NaN or infinite component (after narrowing to
     * float), no id twice. Each failure names the column and the id of a row that breaks it.
     */
    static int checkItems(Dataset<Row> prepared, String idColumn, String featuresColumn) {
        List<Row> first = prepared.where(col(VECTOR).isNotNull()).select(size(col(VECTOR))).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("no items with features in column '" + featuresColumn
                    + "': there is nothing to index");
        }
        int dimension = first.get(0).getInt(0);
        if (dimension == 0) {
            throw new IllegalArgumentException("features column '" + featuresColumn + "' holds empty vectors");
        }
        Column badComponent = expr("exists(" + VECTOR + ", x -> isnan(x) OR abs(x) = float('Infinity') OR x IS NULL)");
        List<Row> bad = prepared
                .where(col(ID).isNull().or(col(VECTOR).isNull()).or(size(col(VECTOR)).notEqual(dimension)).or(badComponent))
                .limit(1).collectAsList();
        if (!bad.isEmpty()) {
            Row row = bad.get(0);
            if (row.isNullAt(0)) {
                throw new IllegalArgumentException("id column '" + idColumn + "' holds a null id");
            }
            Object id = row.get(0);
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("item id " + id + ": features column '" + featuresColumn + "' is null");
            }
            int length = row.getList(1).size();
            if (length != dimension) {
                throw new IllegalArgumentException("item id " + id + ": features column '" + featuresColumn + "' has "
                        + length + " components where the items have " + dimension);
            }
            throw new IllegalArgumentException("item id " + id + ": features column '" + featuresColumn
                    + "' holds a NaN, infinite (also after narrowing to float) or null component");
        }
        List<Row> duplicate = prepared.groupBy(col(ID)).count().where(col("count").gt(1)).limit(1).collectAsList();
        if (!duplicate.isEmpty()) {
            throw new IllegalArgumentException("item id " + duplicate.get(0).get(0) + " appears "
                    + duplicate.get(0).getLong(1) + " times in id column '" + idColumn + "'; item ids must be unique");
        }
        return dimension;
    }
}
