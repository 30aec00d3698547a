#!/usr/bin/env bash
# Regenerates annex/v1/annex_pb2.py from the server's proto with protoc 3.21.12, the version that
# matches Debian's python3-protobuf 3.21 runtime (newer protoc output needs a newer runtime).
set -euo pipefail
cd "$(dirname "$0")"
mvn -q dependency:copy -Dartifact=com.google.protobuf:protoc:3.21.12:exe:linux-x86_64 -DoutputDirectory=target
chmod +x target/protoc-3.21.12-linux-x86_64.exe
target/protoc-3.21.12-linux-x86_64.exe -I ../../server/src/main/proto --python_out=. ../../server/src/main/proto/annex/v1/annex.proto
