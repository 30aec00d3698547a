package dev.annex.server;

import dev.annex.collection.Collection;
import dev.annex.collection.Database;
import dev.annex.collection.Hit;
import dev.annex.collection.Point;
import dev.annex.server.v1.AnnexGrpc;
import dev.annex.server.v1.CollectionName;
import dev.annex.server.v1.CreateCollectionRequest;
import dev.annex.server.v1.DeleteRequest;
import dev.annex.server.v1.DeleteResponse;
import dev.annex.server.v1.DropCollectionResponse;
import dev.annex.server.v1.GetRequest;
import dev.annex.server.v1.GetResponse;
import dev.annex.server.v1.ListCollectionsRequest;
import dev.annex.server.v1.ListCollectionsResponse;
import dev.annex.server.v1.SearchBatchRequest;
import dev.annex.server.v1.SearchBatchResponse;
import dev.annex.server.v1.SearchInterestsRequest;
import dev.annex.server.v1.SearchRequest;
import dev.annex.server.v1.SearchResponse;
import dev.annex.server.v1.UpsertRequest;
import dev.annex.server.v1.UpsertResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The Annex RPCs: each maps its request onto one call of the collection store and back. */
final class AnnexService extends AnnexGrpc.AnnexImplBase {

    private final Supplier<Database> database;

    /** A service over the database {@code database} supplies: null while the server is still opening it. */
    AnnexService(Supplier<Database> database) {
        this.database = database;
    }

    private Database database() {
        Database open = database.get();
        if (open == null) {
            throw new NotReadyException("the server is still opening its collections; retry when health checks report SERVING");
        }
        return open;
    }

    @Override
    public void createCollection(CreateCollectionRequest request, StreamObserver<dev.annex.server.v1.CollectionInfo> response) {
        answer(response, () -> {
            float[][] sample = request.getTrainingSampleCount() == 0 ? null : request.getTrainingSampleList().stream()
                    .map(v -> ProtoMapping.vector(v, "training vector")).toArray(float[][]::new);
            return ProtoMapping.info(database().create(request.getName(), ProtoMapping.schema(request), sample).describe());
        });
    }

    @Override
    public void dropCollection(CollectionName request, StreamObserver<DropCollectionResponse> response) {
        answer(response, () -> {
            database().drop(request.getName());
            return DropCollectionResponse.getDefaultInstance();
        });
    }

    @Override
    public void listCollections(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> response) {
        answer(response, () -> ListCollectionsResponse.newBuilder().addAllNames(database().list()).build());
    }

    @Override
    public void describeCollection(CollectionName request, StreamObserver<dev.annex.server.v1.CollectionInfo> response) {
        answer(response, () -> ProtoMapping.info(database().collection(request.getName()).describe()));
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> response) {
        answer(response, () -> UpsertResponse.newBuilder().setUpserted(upsertBatch(request)).build());
    }

    private long upsertBatch(UpsertRequest request) {
        Collection collection = database().collection(request.getCollection());
        List<Point> points = new ArrayList<>(request.getPointsCount());
        for (dev.annex.server.v1.Point point : request.getPointsList()) {
            points.add(ProtoMapping.point(point));
        }
        collection.upsert(points);
        return points.size();
    }

    @Override
    public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> response) {
        return new StreamObserver<>() {
            private long upserted;
            private boolean failed;

            @Override
            public void onNext(UpsertRequest batch) {
                if (failed) {
                    return;
                }
                try {
                    upserted += upsertBatch(batch);
                } catch (RuntimeException e) {
                    failed = true;
                    response.onError(StatusMapper.toStatus(e));
                }
            }

            @Override
            public void onError(Throwable cause) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    response.onNext(UpsertResponse.newBuilder().setUpserted(upserted).build());
                    response.onCompleted();
                }
            }
        };
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> response) {
        answer(response, () -> {
            Collection collection = database().collection(request.getCollection());
            if (request.getIdsCount() > 0 && request.hasFilter()) {
                throw new IllegalArgumentException("delete takes ids or a filter, not both");
            }
            long deleted = request.hasFilter() ? collection.delete(ProtoMapping.filter(request.getFilter()))
                    : collection.delete(ProtoMapping.ids(request.getIdsList()));
            return DeleteResponse.newBuilder().setDeleted(deleted).build();
        });
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> response) {
        answer(response, () -> {
            List<Object> ids = ProtoMapping.ids(request.getIdsList());
            List<Point> points = database().collection(request.getCollection()).get(ids);
            GetResponse.Builder builder = GetResponse.newBuilder();
            for (int i = 0; i < ids.size(); i++) {
                if (points.get(i) == null) {
                    builder.addNotFound(request.getIds(i));
                } else {
                    builder.addPoints(ProtoMapping.point(points.get(i)));
                }
            }
            return builder.build();
        });
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> response) {
        answer(response, () -> ProtoMapping.hits(searchOne(request)));
    }

    private List<Hit> searchOne(SearchRequest request) {
        Collection collection = database().collection(request.getCollection());
        return collection.search(ProtoMapping.search(request, collection.schema().indexSpec(), true));
    }

    @Override
    public void searchBatch(SearchBatchRequest request, StreamObserver<SearchBatchResponse> response) {
        answer(response, () -> {
            SearchBatchResponse.Builder builder = SearchBatchResponse.newBuilder();
            for (SearchRequest search : request.getSearchesList()) {
                checkDeadline();
                builder.addResults(ProtoMapping.hits(searchOne(search)));
            }
            return builder.build();
        });
    }

    @Override
    public void searchInterests(SearchInterestsRequest request, StreamObserver<SearchResponse> response) {
        answer(response, () -> {
            Collection collection = database().collection(request.getSearch().getCollection());
            return ProtoMapping.hits(collection.searchInterests(ProtoMapping.interests(request.getInterestsList()),
                    ProtoMapping.search(request.getSearch(), collection.schema().indexSpec(), false)));
        });
    }

    /** Long calls check between steps whether the client is still waiting. */
    private static void checkDeadline() {
        Context context = Context.current();
        if (context.isCancelled()) {
            throw (context.getDeadline() != null && context.getDeadline().isExpired()
                    ? Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded during a batch search")
                    : Status.CANCELLED.withDescription("the client cancelled the call")).asRuntimeException();
        }
    }

    private static <T> void answer(StreamObserver<T> response, Callable<T> work) {
        T result;
        try {
            result = work.call();
        } catch (Throwable failure) {
            response.onError(StatusMapper.toStatus(failure));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
