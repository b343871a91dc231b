# Shared by the bench scripts (sourced, not run): the built jars, one testkit cluster in a work
# directory removed on exit, the helper on PATH, and the replica cache file they write.
# The sourcing script sets `root` (the checkout) first.

# bench_jars: testkit_jar, helper_jar and dist (the helper distribution), building them if one is
# missing.
bench_jars() {
  find_bench_jars
  if [ -z "$testkit_jar" ] || [ -z "$helper_jar" ] || [ -z "$dist" ]; then
    echo "== building: mvn -B -q package -DskipTests" >&2
    (cd "$root" && mvn -B -q package -DskipTests -Dmaven.javadoc.skip=true >&2)
    find_bench_jars
    [ -n "$testkit_jar" ] && [ -n "$helper_jar" ] && [ -n "$dist" ] ||
      { echo "the build made no testkit jar, helper jar or distribution" >&2; exit 1; }
  fi
}

find_bench_jars() {
  testkit_jar="$(ls "$root"/testkit/target/entire-transport-testkit-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | head -1 || true)"
  helper_jar="$(ls "$root"/bootstrap/target/entire-transport-bootstrap-*-helper.jar 2>/dev/null | head -1 || true)"
  dist="$(ls "$root"/bootstrap/target/entire-transport-bootstrap-*-helper-dist.tar.gz 2>/dev/null | head -1 || true)"
}

# bench_cluster <work-dir-prefix> <TestClusterMain options...>: makes the work directory `work`
# (removed on exit, with the cluster), starts the cluster with its repositories in
# `$work/repos` and sets `entry`.
bench_cluster() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  shift
  cluster_pid=""
  trap bench_cleanup EXIT
  java -cp "$testkit_jar" io.entire.transport.testkit.TestClusterMain "$@" --root "$work/repos" \
    --port-file "$work/ports" --no-stdin >"$work/cluster.log" 2>&1 &
  cluster_pid=$!
  for _ in $(seq 1 600); do [ -s "$work/ports" ] && break; sleep 0.1; done
  entry="$(awk '$1=="entry"{print $2}' "$work/ports" 2>/dev/null)"
  [ -n "$entry" ] || { cat "$work/cluster.log" >&2; exit 1; }
}

# bench_pids: further servers a script started (e.g. a second cluster), stopped on exit too.
bench_pids=()
bench_cleanup() {
  local pid
  for pid in "$cluster_pid" ${bench_pids[@]+"${bench_pids[@]}"}; do
    { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true
  done
  rm -rf "$work"
}

# median: the median of the numbers on stdin, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# cluster_url <server>: the URL of replica-N or entry that the cluster printed.
cluster_url() { awk -v s="$1" '$1==s{print $2}' "$work/ports"; }

# bench_env: the checkout's launcher on PATH (through a symlink) and a home, cache and git of the
# work directory's own; sets `cache_file`.
bench_env() {
  mkdir -p "$work/bin" "$work/home"
  ln -s "$root/bin/git-remote-entire" "$work/bin/git-remote-entire"
  export PATH="$work/bin:$PATH" HOME="$work/home" XDG_CACHE_HOME="$work/cache" \
    GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
  cache_file="$XDG_CACHE_HOME/entire/nodes.json"
}

# write_cache <nodes...>: a fresh cache entry (K1: under the entry's host and port), without
# health records, for each repository path in `cached_repos`.
write_cache() {
  mkdir -p "$(dirname "$cache_file")"
  local list entries="" repo
  list="$(printf '"%s",' "$@")"; list="${list%,}"
  for repo in "${cached_repos[@]}"; do
    entries+="$(printf '"%s":{"nodes":[%s],"expiresAt":"2099-01-01T00:00:00Z"},' "$repo" "$list")"
  done
  printf '{"%s":{%s}}' "${entry#*://}" "${entries%,}" >"$cache_file"
}

# classpath_file_ok <file>: whether a class path file Maven wrote exists and names no jar that is
# gone.
classpath_file_ok() {
  local jar
  [ -s "$1" ] || return 1
  while IFS= read -r jar; do [ -e "$jar" ] || return 1; done < <(tr ':' '\n' <"$1")
}

# testkit_classpath: the testkit jar and its runtime dependencies (its CA's library, for https
# clusters); sets `testkit_cp`. The dependencies' list comes from Maven once (the testkit has no
# sibling dependencies, so nothing is built for it).
testkit_classpath() {
  local file="$root/testkit/target/runtime-classpath.txt"
  if ! classpath_file_ok "$file"; then
    (cd "$root" && mvn -B -q -pl testkit dependency:build-classpath \
      -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime >&2)
  fi
  testkit_cp="$testkit_jar:$(cat "$file")"
}

# bench_classpath: the JGit module's classpath, test scope (bootstrap with its Guice modules and
# adapters, JGit and its dependencies, the testkit, slf4j-simple), as jars of this checkout and of
# the local Maven repository; sets `classpath`. Rebuilt when missing or when a jar on it is gone;
# `package` in the same run lets Maven resolve the sibling modules without `mvn install`. (The
# helper jar is no library classpath: it leaves Guice and the Guice modules out.)
bench_classpath() {
  local file="$root/adapters-jgit/target/bench-classpath.txt"
  if ! classpath_file_ok "$file"; then
    echo "== building: mvn -B -q -pl adapters-jgit -am package dependency:build-classpath" >&2
    (cd "$root" && mvn -B -q -pl adapters-jgit -am package -DskipTests -Dmaven.javadoc.skip=true \
      dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
      -Dmdep.includeScope=test >&2)
  fi
  local jgit_jar
  jgit_jar="$(ls "$root"/adapters-jgit/target/entire-transport-jgit-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
  classpath="$jgit_jar:$(cat "$file")"
}
