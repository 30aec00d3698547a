package dev.annex.server;

import dev.annex.api.HnswSearchParameters;
import dev.annex.api.HnswSpec;
import dev.annex.api.IndexSpec;
import dev.annex.api.IvfPqSpec;
import dev.annex.api.IvfSearchParameters;
import dev.annex.api.SearchParameters;
import dev.annex.collection.CollectionInfo;
import dev.annex.collection.CollectionSchema;
import dev.annex.collection.FieldType;
import dev.annex.collection.Hit;
import dev.annex.collection.IdKind;
import dev.annex.collection.Interest;
import dev.annex.collection.PayloadFilter;
import dev.annex.collection.Point;
import dev.annex.collection.SearchRequest;
import dev.annex.server.v1.FieldDeclaration;
import dev.annex.server.v1.Filter;
import dev.annex.server.v1.PointId;
import dev.annex.server.v1.StringList;
import dev.annex.server.v1.Value;
import dev.annex.server.v1.Vector;
import dev.annex.vector.Similarity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between the protocol's messages and the collection store's types, both ways.
 * Every malformed message is an {@link IllegalArgumentException} naming the field, which the
 * status mapper turns into INVALID_ARGUMENT.
 */
final class ProtoMapping {

    private ProtoMapping() {
    }

    static CollectionSchema schema(dev.annex.server.v1.CreateCollectionRequest request) {
        Map<String, FieldType> fields = new LinkedHashMap<>();
        for (FieldDeclaration field : request.getFieldsList()) {
            if (fields.put(field.getName(), fieldType(field)) != null) {
                throw new IllegalArgumentException("payload field '" + field.getName() + "' is declared twice");
            }
        }
        return CollectionSchema.of(request.getDimension(), similarity(request.getSimilarity()), request.getIndexSpec(),
                idKind(request.getIdKind()), fields);
    }

    private static Similarity similarity(dev.annex.server.v1.Similarity similarity) {
        return switch (similarity) {
            case L2 -> Similarity.L2;
            case DOT -> Similarity.DOT;
            case COSINE -> Similarity.COSINE;
            default -> throw new IllegalArgumentException("similarity must be L2, DOT or COSINE, got " + similarity);
        };
    }

    private static dev.annex.server.v1.Similarity similarity(Similarity similarity) {
        return switch (similarity) {
            case L2 -> dev.annex.server.v1.Similarity.L2;
            case DOT -> dev.annex.server.v1.Similarity.DOT;
            case COSINE -> dev.annex.server.v1.Similarity.COSINE;
        };
    }

    private static IdKind idKind(dev.annex.server.v1.IdKind kind) {
        return switch (kind) {
            case STRING -> IdKind.STRING;
            case LONG -> IdKind.LONG;
            default -> throw new IllegalArgumentException("id_kind must be STRING or LONG, got " + kind);
        };
    }

    private static FieldType fieldType(FieldDeclaration field) {
        return switch (field.getType()) {
            case KEYWORD -> FieldType.KEYWORD;
            case KEYWORD_LIST -> FieldType.KEYWORD_LIST;
            case INT64 -> FieldType.LONG;
            case DOUBLE -> FieldType.DOUBLE;
            case BOOL -> FieldType.BOOLEAN;
            default -> throw new IllegalArgumentException("payload field '" + field.getName() + "' has no type, got " + field.getType());
        };
    }

    private static dev.annex.server.v1.FieldType fieldType(FieldType type) {
        return switch (type) {
            case KEYWORD -> dev.annex.server.v1.FieldType.KEYWORD;
            case KEYWORD_LIST -> dev.annex.server.v1.FieldType.KEYWORD_LIST;
            case LONG -> dev.annex.server.v1.FieldType.INT64;
            case DOUBLE -> dev.annex.server.v1.FieldType.DOUBLE;
            case BOOLEAN -> dev.annex.server.v1.FieldType.BOOL;
        };
    }

    static dev.annex.server.v1.CollectionInfo info(CollectionInfo info) {
        CollectionSchema schema = info.schema();
        dev.annex.server.v1.CollectionInfo.Builder builder = dev.annex.server.v1.CollectionInfo.newBuilder()
                .setName(info.name()).setDimension(schema.dimension()).setSimilarity(similarity(schema.similarity()))
                .setIndexSpec(schema.indexSpec().toString())
                .setIdKind(schema.idKind() == IdKind.LONG ? dev.annex.server.v1.IdKind.LONG : dev.annex.server.v1.IdKind.STRING)
                .setPoints(info.points()).setDeletedFraction(info.deletedFraction()).setIndexBytes(info.indexBytes())
                .setLogBytes(info.logBytes()).setSnapshotSeq(info.snapshotSeq()).setLogSeq(info.logSeq())
                .setRecovery(info.recovery());
        schema.fields().forEach((name, type) -> builder.addFields(FieldDeclaration.newBuilder().setName(name).setType(fieldType(type))));
        return builder.build();
    }

    static float[] vector(Vector vector, String what) {
        float[] values = new float[vector.getValuesCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vector.getValues(i);
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return values;
    }

    static Vector vector(float[] values) {
        Vector.Builder builder = Vector.newBuilder();
        for (float value : values) {
            builder.addValues(value);
        }
        return builder.build();
    }

    static Object id(PointId id) {
        return switch (id.getIdCase()) {
            case TEXT -> id.getText();
            case NUMBER -> id.getNumber();
            case ID_NOT_SET -> throw new IllegalArgumentException("a point id is not set (neither text nor number)");
        };
    }

    static List<Object> ids(List<PointId> ids) {
        List<Object> result = new ArrayList<>(ids.size());
        for (PointId id : ids) {
            result.add(id(id));
        }
        return result;
    }

    static PointId id(Object id) {
        return id instanceof Long number ? PointId.newBuilder().setNumber(number).build()
                : PointId.newBuilder().setText((String) id).build();
    }

    static Point point(dev.annex.server.v1.Point point) {
        Object id = id(point.getId());
        Map<String, Object> payload = new LinkedHashMap<>();
        point.getPayloadMap().forEach((field, value) -> payload.put(field, value(value, "payload field '" + field + "' of point " + id)));
        return new Point(id, vector(point.getVector(), "vector of point " + id), payload);
    }

    static dev.annex.server.v1.Point point(Point point) {
        dev.annex.server.v1.Point.Builder builder = dev.annex.server.v1.Point.newBuilder().setId(id(point.id()))
                .putAllPayload(payload(point.payload()));
        if (point.vector() != null) {
            builder.setVector(vector(point.vector()));
        }
        return builder.build();
    }

    private static Object value(Value value, String what) {
        return switch (value.getKindCase()) {
            case KEYWORD -> value.getKeyword();
            case KEYWORDS -> List.copyOf(value.getKeywords().getValuesList());
            case INT64_VALUE -> value.getInt64Value();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case KIND_NOT_SET -> throw new IllegalArgumentException(what + " has no value");
        };
    }

    static Map<String, Value> payload(Map<String, Object> payload) {
        Map<String, Value> values = new LinkedHashMap<>();
        payload.forEach((field, value) -> values.put(field, switch (value) {
            case String keyword -> Value.newBuilder().setKeyword(keyword).build();
            case List<?> keywords -> Value.newBuilder().setKeywords(StringList.newBuilder()
                    .addAllValues(keywords.stream().map(String::valueOf).toList())).build();
            case Long number -> Value.newBuilder().setInt64Value(number).build();
            case Double number -> Value.newBuilder().setDoubleValue(number).build();
            case Boolean flag -> Value.newBuilder().setBoolValue(flag).build();
            default -> throw new IllegalStateException("unexpected payload value " + value);
        }));
        return values;
    }

    static PayloadFilter filter(Filter filter) {
        return switch (filter.getConditionCase()) {
            case EQUALS -> PayloadFilter.equalTo(filter.getEquals().getField(), value(filter.getEquals().getValue(),
                    "filter value of '" + filter.getEquals().getField() + "'"));
            case IN -> new PayloadFilter.In(filter.getIn().getField(), filter.getIn().getValuesList().stream()
                    .map(v -> value(v, "filter value of '" + filter.getIn().getField() + "'")).toList());
            case RANGE -> PayloadFilter.range(filter.getRange().getField(),
                    filter.getRange().hasMin() ? filter.getRange().getMin() : null,
                    filter.getRange().hasMax() ? filter.getRange().getMax() : null);
            case EXISTS -> PayloadFilter.exists(filter.getExists());
            case NOT -> PayloadFilter.not(filter(filter.getNot()));
            case AND -> new PayloadFilter.And(filter.getAnd().getFiltersList().stream().map(ProtoMapping::filter).toList());
            case OR -> new PayloadFilter.Or(filter.getOr().getFiltersList().stream().map(ProtoMapping::filter).toList());
            case CONDITION_NOT_SET -> throw new IllegalArgumentException("a filter has no condition set");
        };
    }

    static SearchRequest search(dev.annex.server.v1.SearchRequest request, IndexSpec spec, boolean needsVector) {
        if (request.getK() == 0) {
            throw new IllegalArgumentException("k must be > 0, got 0");
        }
        float[] vector = needsVector ? vector(request.getVector(), "query vector") : new float[0];
        return new SearchRequest(vector, request.getK(), parameters(request, spec),
                request.hasFilter() ? filter(request.getFilter()) : null, ids(request.getExcludeIdsList()), request.getWithPayload());
    }

    private static SearchParameters parameters(dev.annex.server.v1.SearchRequest request, IndexSpec spec) {
        if (!request.hasParameters()) {
            return null;
        }
        dev.annex.server.v1.SearchParameters parameters = request.getParameters();
        return switch (spec) {
            case HnswSpec hnsw -> parameters.getEf() == 0 ? null : HnswSearchParameters.ef(parameters.getEf());
            case IvfPqSpec ivf -> new IvfSearchParameters(parameters.getNprobe() == 0 ? Math.max(1, ivf.nlist() / 16)
                    : parameters.getNprobe(), parameters.hasRerank() ? parameters.getRerank() : IvfSearchParameters.INDEX_DEFAULT,
                    dev.annex.util.Bits.ALL);
            default -> null;
        };
    }

    static List<Interest> interests(List<dev.annex.server.v1.Interest> interests) {
        List<Interest> result = new ArrayList<>(interests.size());
        for (int i = 0; i < interests.size(); i++) {
            dev.annex.server.v1.Interest interest = interests.get(i);
            result.add(new Interest(vector(interest.getVector(), "vector of interest " + i), interest.getWeight(), interest.getQuota()));
        }
        return result;
    }

    static dev.annex.server.v1.SearchResponse hits(List<Hit> hits) {
        dev.annex.server.v1.SearchResponse.Builder response = dev.annex.server.v1.SearchResponse.newBuilder();
        for (Hit hit : hits) {
            response.addHits(dev.annex.server.v1.Hit.newBuilder().setId(id(hit.id())).setScore(hit.score())
                    .putAllPayload(payload(hit.payload())).addAllInterests(hit.interests()));
        }
        return response.build();
    }
}
