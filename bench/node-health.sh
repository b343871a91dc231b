#!/usr/bin/env bash
# Benchmark of node health (D1, D3): what a replica that drops SYNs costs git-remote-entire.
#
#   bench/node-health.sh             # 20 ls-remote runs per case, 20 fetches
#   BENCH_RUNS=5 bench/node-health.sh
#
# 1. `git ls-remote` with a warm cache of 3 replicas, all healthy, against the same with one that
#    drops SYNs (a testkit Fault.blackhole()). The cache is written afresh before every run, so no
#    health record helps: the start node is random (F1) and one run in three dials the blackholed
#    node first, where fast fallback (D1) dials the next after 250 ms. Native git over one healthy
#    replica is printed for scale. Target: median <= +40 ms over the all-healthy case.
# 2. 20 `git fetch` in a row with the blackholed replica in the cache, which keeps its health
#    records (D3) from one command to the next: how often the dead replica is dialled, counted from
#    ENTIRE_DEBUG's "dialling" and request lines. Target: at most 2 of 20.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${BENCH_RUNS:-20}"
fetches="${BENCH_FETCHES:-20}"

testkit_jar="$(ls "$root"/testkit/target/entire-transport-testkit-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | head -1 || true)"
helper_jar="$(ls "$root"/bootstrap/target/entire-transport-bootstrap-*-helper.jar 2>/dev/null | head -1 || true)"
if [ -z "$testkit_jar" ] || [ -z "$helper_jar" ]; then
  echo "== building: mvn -B -q package -DskipTests" >&2
  (cd "$root" && mvn -B -q package -DskipTests -Dmaven.javadoc.skip=true >&2)
  testkit_jar="$(ls "$root"/testkit/target/entire-transport-testkit-*.jar | grep -v -e sources -e javadoc -e tests | head -1)"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/entire-bench-health.XXXXXX")"
cluster_pid=""
cleanup() {
  [ -n "$cluster_pid" ] && kill "$cluster_pid" 2>/dev/null && wait "$cluster_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting a four-replica testkit cluster; replica-3 drops every SYN (Fault.blackhole())"
java -cp "$testkit_jar" io.entire.transport.testkit.TestClusterMain --replicas 4 --blackhole 3 \
  --repo et/bench/small --root "$work/repos" --port-file "$work/ports" --no-stdin \
  >"$work/cluster.log" 2>&1 &
cluster_pid=$!
for _ in $(seq 1 600); do [ -s "$work/ports" ] && break; sleep 0.1; done
entry="$(awk '$1=="entry"{print $2}' "$work/ports")"
r0="$(awk '$1=="replica-0"{print $2}' "$work/ports")"
r1="$(awk '$1=="replica-1"{print $2}' "$work/ports")"
r2="$(awk '$1=="replica-2"{print $2}' "$work/ports")"
dead="$(awk '$1=="replica-3"{print $2}' "$work/ports")"
[ -n "$dead" ] || { cat "$work/cluster.log" >&2; exit 1; }

mkdir -p "$work/bin" "$work/home"
ln -s "$root/bin/git-remote-entire" "$work/bin/git-remote-entire"
export PATH="$work/bin:$PATH" HOME="$work/home" XDG_CACHE_HOME="$work/cache" \
  GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
cache_file="$XDG_CACHE_HOME/entire/nodes.json"
write_cache() { # nodes...: a fresh entry, without health records
  mkdir -p "$(dirname "$cache_file")"
  local list; list="$(printf '"%s",' "$@")"; list="${list%,}"
  printf '{"%s":{"/et/bench/small":{"nodes":[%s],"expiresAt":"2099-01-01T00:00:00Z"}}}' \
    "${entry#http://}" "$list" >"$cache_file"
}

# times_ms <runs> <setup> <command...>: one wall time in ms per line.
times_ms() {
  local n="$1" setup="$2"; shift 2
  for _ in $(seq 1 "$n"); do
    eval "$setup"
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>"$work/last.err" || { echo "command failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maximum() { sort -n | tail -1; }

echo "== java for the helper: $(JAVA_OPTS=-version git-remote-entire 2>&1 | head -1)"
echo "== ls-remote, warm cache of 3 replicas, fresh before each of $runs runs (random start node)"
url="entire::$entry/et/bench/small"
healthy=$(times_ms "$runs" "write_cache $r0 $r1 $r2" git ls-remote "$url")
blackholed=$(times_ms "$runs" "write_cache $r0 $r1 $dead" git ls-remote "$url")
native=$(times_ms "$runs" ":" git ls-remote "$r0/et/bench/small")
h=$(median <<<"$healthy"); b=$(median <<<"$blackholed"); n=$(median <<<"$native")
printf '%-44s median %5d ms   max %5d ms\n' "all 3 healthy" "$h" "$(maximum <<<"$healthy")"
printf '%-44s median %5d ms   max %5d ms   (+%d ms over healthy; target <= +40)\n' \
  "one of 3 drops SYNs" "$b" "$(maximum <<<"$blackholed")" "$((b - h))"
printf '%-44s median %5d ms\n' "native git, one healthy replica" "$n"
slow=$(awk -v h="$h" '$1 > h + 150' <<<"$blackholed" | wc -l)
echo "   runs of the blackholed case over healthy + 150 ms (dialled the dead node first): $slow of $runs"

echo "== $fetches git fetch in a row; the cache keeps health records between them"
git clone -q "$r0/et/bench/small" "$work/clone"
git -C "$work/clone" remote set-url origin "$url"
write_cache "$r0" "$r1" "$dead"
dead_authority="${dead#http://}"
dials=0
for i in $(seq 1 "$fetches"); do
  ENTIRE_DEBUG=1 git -C "$work/clone" fetch -q origin 2>"$work/fetch.err" \
    || { echo "fetch $i failed:" >&2; cat "$work/fetch.err" >&2; exit 1; }
  n=$(grep -c -e "dialling $dead_authority" -e "> [A-Z]* http://$dead_authority/" "$work/fetch.err" || true)
  dials=$((dials + n))
done
echo "   the dead replica was dialled $dials times in $fetches fetches (target: at most 2)"
