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
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_classpath
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" \
  "$root/bench/ClientBench.java"
