#!/usr/bin/env bash
# Benchmark of issue 11: mirroring many small repositories in process (JGit on one EntireClient,
# entire+http:// URLs) against native `git clone --mirror` / `git fetch` processes over git's own
# http transport, in one run, against the same one-replica testkit cluster; then one large clone,
# JGit against git.
#
#   bench/jgit.sh                                  # 100 repositories, 8 in parallel, 64 MiB clone
#   BENCH_REPOS=50 BENCH_PARALLEL=4 BENCH_CHANGED=5 BENCH_CLONE_MB=0 bench/jgit.sh
#
# Prints the wall time of each phase on both sides and the ratio in-process/native.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_classpath
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" "$root/bench/JGitBench.java"
