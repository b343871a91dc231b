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

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_jars
echo "== starting a four-replica testkit cluster; replica-3 drops every SYN (Fault.blackhole())"
bench_cluster entire-bench-health --replicas 4 --blackhole 3 --repo et/bench/small
r0="$(cluster_url replica-0)"
r1="$(cluster_url replica-1)"
r2="$(cluster_url replica-2)"
dead="$(cluster_url replica-3)"
[ -n "$dead" ] || { cat "$work/cluster.log" >&2; exit 1; }
bench_env
cached_repos=(/et/bench/small)

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
