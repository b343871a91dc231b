#!/usr/bin/env bash
# Benchmark of issue 10: one shared EntireClient against one EntireTransports.open per repository,
# in one run, on an embedded testkit cluster with an RFC 8693 token endpoint; then idle sessions.
#
#   bench/client.sh                                # 1,000 repositories, 8 threads, pool of 8
#   BENCH_REPOS=200 BENCH_THREADS=4 bench/client.sh
#
# Prints wall time, peak open sockets to the cluster, heap after GC (sessions still open), token
# exchanges and failures for both, their ratios, and the heap and open time of an idle session.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
testkit_jar="$(ls "$root"/testkit/target/entire-transport-testkit-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | head -1 || true)"
helper_jar="$(ls "$root"/bootstrap/target/entire-transport-bootstrap-*-helper.jar 2>/dev/null | head -1 || true)"
if [ -z "$testkit_jar" ] || [ -z "$helper_jar" ]; then
  echo "== building: mvn -B -q package -DskipTests" >&2
  (cd "$root" && mvn -B -q package -DskipTests -Dmaven.javadoc.skip=true >&2)
  testkit_jar="$(ls "$root"/testkit/target/entire-transport-testkit-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
  helper_jar="$(ls "$root"/bootstrap/target/entire-transport-bootstrap-*-helper.jar | head -1)"
fi
exec java -Xmx2g -cp "$helper_jar:$testkit_jar" "$root/bench/ClientBench.java"
