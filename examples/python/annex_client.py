#!/usr/bin/python3
"""A Python client of the Annex recall service.

Uses Debian's python3-grpcio (1.51) and python3-protobuf (3.21): the message classes in
annex/v1/annex_pb2.py come from protoc 3.21.12 (see generate.sh), and the calls go through
grpcio's generic channel methods, so no service code generator is needed.

    /usr/bin/python3 examples/python/annex_client.py --port 7878 [--token-file FILE]

Creates a collection 'python-demo' (if missing), upserts 100 points, searches with a payload
filter, prints the hits as JSON and drops the collection.
"""
import argparse
import json
import random
import sys

import grpc

from annex.v1 import annex_pb2 as pb

SERVICE = "/annex.v1.Annex/"


class AnnexClient:
    """The Annex RPCs over one channel; each method takes and returns annex_pb2 messages."""

    def __init__(self, channel, token=None):
        self._metadata = [("authorization", "Bearer " + token)] if token else None
        self._calls = {}
        for name, request, response in [
            ("CreateCollection", pb.CreateCollectionRequest, pb.CollectionInfo),
            ("DropCollection", pb.CollectionName, pb.DropCollectionResponse),
            ("ListCollections", pb.ListCollectionsRequest, pb.ListCollectionsResponse),
            ("Upsert", pb.UpsertRequest, pb.UpsertResponse),
            ("Search", pb.SearchRequest, pb.SearchResponse),
        ]:
            self._calls[name] = channel.unary_unary(
                SERVICE + name, request_serializer=request.SerializeToString, response_deserializer=response.FromString)

    def call(self, name, request, timeout=10):
        return self._calls[name](request, timeout=timeout, metadata=self._metadata)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7878)
    parser.add_argument("--token-file")
    args = parser.parse_args()
    token = open(args.token_file).read().strip() if args.token_file else None
    with grpc.insecure_channel(f"{args.host}:{args.port}") as channel:
        annex = AnnexClient(channel, token)
        if "python-demo" not in annex.call("ListCollections", pb.ListCollectionsRequest()).names:
            annex.call("CreateCollection", pb.CreateCollectionRequest(
                name="python-demo", dimension=8, similarity=pb.DOT, index_spec="HNSW16,efc100", id_kind=pb.STRING,
                fields=[pb.FieldDeclaration(name="genre", type=pb.KEYWORD)]))
        rng = random.Random(3)
        points = [pb.Point(id=pb.PointId(text=f"song-{i}"),
                           vector=pb.Vector(values=[rng.gauss(0, 1) for _ in range(8)]),
                           payload={"genre": pb.Value(keyword="jazz" if i % 2 else "rock")})
                  for i in range(100)]
        upserted = annex.call("Upsert", pb.UpsertRequest(collection="python-demo", points=points)).upserted
        query = pb.SearchRequest(collection="python-demo", vector=points[7].vector, k=3, with_payload=True,
                                 filter=pb.Filter(equals=pb.Equals(field="genre", value=pb.Value(keyword="jazz"))))
        hits = annex.call("Search", query).hits
        try:
            annex.call("Search", pb.SearchRequest(collection="python-demo", vector=pb.Vector(values=[1.0]), k=3))
            error = None
        except grpc.RpcError as failure:
            error = {"code": failure.code().name, "message": failure.details()}
        annex.call("DropCollection", pb.CollectionName(name="python-demo"))
        json.dump({"upserted": upserted,
                   "hits": [{"id": h.id.text, "score": round(h.score, 4), "genre": h.payload["genre"].keyword} for h in hits],
                   "bad_query": error}, sys.stdout)
        print()


if __name__ == "__main__":
    main()
