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
classpath_file="$root/adapters-jgit/target/bench-classpath.txt"

# The JGit module's classpath, test scope (bootstrap and its adapters, JGit and its dependencies,
# the testkit, slf4j-simple), as jars of this checkout and of the local Maven repository. Rebuilt
# when missing or when a jar on it is gone; `package` in the same run lets Maven resolve the
# sibling modules without `mvn install`.
classpath_ok() {
  [ -s "$classpath_file" ] || return 1
  local jar
  while IFS= read -r jar; do [ -e "$jar" ] || return 1; done < <(tr ':' '\n' <"$classpath_file")
}
if ! classpath_ok; then
  echo "== building: mvn -B -q -pl adapters-jgit -am package dependency:build-classpath" >&2
  (cd "$root" && mvn -B -q -pl adapters-jgit -am package -DskipTests -Dmaven.javadoc.skip=true \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
    -Dmdep.includeScope=test >&2)
fi
jgit_jar="$(ls "$root"/adapters-jgit/target/entire-transport-jgit-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jgit_jar:$(cat "$classpath_file")" "$root/bench/JGitBench.java"
