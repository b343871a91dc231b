#!/usr/bin/env bash
# Benchmark: git-remote-entire against git's own http transport, in one run, against the same
# testkit replica (one `git http-backend` behind both), and a large push under a small heap.
#
#   bench/run.sh                 # defaults: 64 MiB clone, 10 ls-remote runs, 1 GiB push
#   BENCH_CLONE_MB=50 BENCH_RUNS=5 BENCH_PUSH_MB=0 bench/run.sh   # quicker, no push
#
# Prints median wall times and the ratio helper/native for each case (ls-remote: the helper and
# native git run alternately, so both meet the same machine), for the checkout's launcher and
# for the installed distribution (-helper-dist.tar.gz unpacked outside the checkout: its first run,
# which makes the startup archive, and later runs), and the push against its floor: native
# `git pack-objects` of the same objects plus one POST of that pack to the same replica.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clone_mb="${BENCH_CLONE_MB:-64}"
runs="${BENCH_RUNS:-10}"
push_mb="${BENCH_PUSH_MB:-1024}"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
bench_jars
testkit_classpath # with its CA's library, for the https cluster
echo "== starting a one-replica testkit cluster with a ${clone_mb} MiB incompressible repository"
bench_cluster entire-bench --replicas 1 --repo et/bench/small \
  --large-repo "et/bench/large:$clone_mb" --empty-repo et/bench/push \
  --empty-repo et/bench/push-native --empty-repo et/bench/push-floor
replica="$(cluster_url replica-0)"
# Pack once so both transports are served the same way (no per-clone compression of loose data).
git -C "$work/repos/et/bench/large" repack -adq

bench_env
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
cached_repos=(/et/bench/small /et/bench/large)
# The installed distribution, as the README's "Install" says, on PATH through a symlink.
mkdir -p "$work/opt" "$work/dist-bin"
tar -xzf "$dist" -C "$work/opt"
ln -s "$work"/opt/entire-transport-*/bin/git-remote-entire "$work/dist-bin/git-remote-entire"
installed() { env PATH="$work/dist-bin:$PATH" "$@"; }

# time_ms <command...>: one run's wall time in ms; a failing command ends the bench.
time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$work/last.err" || { echo "command failed: $*" >&2; cat "$work/last.err" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
# median_ms <runs> <setup-command> <command...>: median wall time in ms over the runs.
median_ms() {
  local n="$1" setup="$2" t times=()
  shift 2
  for _ in $(seq 1 "$n"); do
    eval "$setup"
    t=$(time_ms "$@") || exit 1
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | median
}
# paired_ms <runs> <setup> <helper command...> -- <native command...>: the helper's and native
# git's median wall times in ms ("helper native"), measured alternately (after the setup, native
# first: a first run leaves the archive's dump running behind it), so that whatever else the
# machine does during the run reaches both alike.
paired_ms() {
  local n="$1" setup="$2" t helper=() native=() hs=() ns=()
  shift 2
  while [ "$1" != "--" ]; do helper+=("$1"); shift; done
  shift
  native=("$@")
  for _ in $(seq 1 "$n"); do
    eval "$setup"
    t=$(time_ms "${native[@]}") || exit 1
    ns+=("$t")
    t=$(time_ms "${helper[@]}") || exit 1
    hs+=("$t")
  done
  echo "$(printf '%s\n' "${hs[@]}" | median)" "$(printf '%s\n' "${ns[@]}" | median)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
report() { # name helper_ms native_ms
  printf '%-44s helper %7d ms   native %7d ms   ratio %s   (+%d ms)\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$(( $2 - $3 ))"
}

# Dead nodes: loopback ports that refuse connections right now (bash's /dev/tcp finds them).
dead_ports() {
  local port found=0
  for port in $(seq 20001 20999); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; found=$((found + 1)); [ "$found" -eq 2 ] && return
    fi
  done
}
read -r -a dead < <(dead_ports | tr '\n' ' ') || true  # no trailing newline: read says 1
[ "${#dead[@]}" -eq 2 ] || { echo "no two refusing loopback ports found" >&2; exit 1; }
dead1="http://127.0.0.1:${dead[0]}"; dead2="http://127.0.0.1:${dead[1]}"

# The launcher puts JAVA_OPTS before the main class, so -version makes the JVM it chose say who it is.
echo "== java for the helper: $(JAVA_OPTS=-version git-remote-entire 2>&1 | head -1)"
echo "== results (median of $runs runs; clone: median of 3)"

native_url="$replica/et/bench"
helper_url="entire::$entry/et/bench"
write_cache "$replica"
warm="write_cache $replica"
# Unmeasured runs first: the testkit's server is a JVM too, and its first requests are slower.
for _ in 1 2 3 4 5; do
  git ls-remote "$native_url/small" >/dev/null && git ls-remote "$helper_url/small" >/dev/null
done

pair=$(paired_ms "$runs" "$warm" git ls-remote "$helper_url/small" -- \
  git ls-remote "$native_url/small")
read -r h n <<<"$pair"
report "ls-remote (warm cache, checkout)" "$h" "$n"
checkout_over=$(( h - n ))

# The installed distribution: its first run (no startup archive yet: this run makes it), then later
# runs with the archive it made.
startup_dir="$XDG_CACHE_HOME/entire/startup"
# The launcher finishes a first run's archive in the background after the command: wait for it
# (no temporary file left, a key or a no-archive marker) before the next measurement.
await_archive() {
  local _
  for _ in $(seq 1 1200); do
    if ! compgen -G "$startup_dir/*.tmp.*" >/dev/null &&
      compgen -G "$startup_dir/*.@(key|none)" >/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "no startup archive after 120 s" >&2
  return 1
}
shopt -s extglob
first_runs=$(( runs < 5 ? runs : 5 ))
pair=$(paired_ms "$first_runs" \
  "$warm; [ -d $startup_dir ] && await_archive; rm -rf $startup_dir" \
  installed git ls-remote "$helper_url/small" -- git ls-remote "$native_url/small")
read -r f fn <<<"$pair"
report "ls-remote, installed, first run (median of $first_runs)" "$f" "$fn"
await_archive
pair=$(paired_ms "$runs" "$warm" installed git ls-remote "$helper_url/small" -- \
  git ls-remote "$native_url/small")
read -r i in_ <<<"$pair"
report "ls-remote, installed, later runs" "$i" "$in_"
targets=()
target() { # what value limit unit: a line for the summary at the end
  local verdict=met
  awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' || verdict="NOT met"
  targets+=("$(printf '%-44s %8s%s (target <= %s%s): %s' "$1" "$2" "$4" "$3" "$4" "$verdict")")
}
target "ls-remote over native, installed" "+$(( i - in_ ))" 45 " ms"
target "ls-remote over native, checkout" "+$checkout_over" 45 " ms"
target "ls-remote over native, installed first run" "+$(( f - fn ))" 150 " ms"

h=$(median_ms "$runs" "write_cache $dead1 $dead2 $replica" git ls-remote "$helper_url/small")
report "ls-remote, 2 of 3 cached replicas refusing" "$h" "$n"

# https: a second one-replica cluster with --https (the testkit's CA, given to both transports as
# GIT_SSL_CAINFO, a PEM bundle), ls-remote from the checkout and installed (after the first https
# run, which makes the distribution's -tls archive). Its own cache entry, under its entry.
java -cp "$testkit_cp" io.entire.transport.testkit.TestClusterMain --replicas 1 --https \
  --repo et/bench/small --root "$work/tls-repos" --port-file "$work/tls-ports" --no-stdin \
  >"$work/tls-cluster.log" 2>&1 &
bench_pids+=($!)
for _ in $(seq 1 600); do [ -s "$work/tls-ports" ] && break; sleep 0.1; done
tls_entry="$(awk '$1=="entry"{print $2}' "$work/tls-ports")"
tls_replica="$(awk '$1=="replica-0"{print $2}' "$work/tls-ports")"
tls_ca="$(awk '$1=="ca-file"{print $2}' "$work/tls-ports")"
[ -n "$tls_ca" ] || { cat "$work/tls-cluster.log" >&2; exit 1; }
tls_warm="entry=$tls_entry write_cache $tls_replica"
https_helper=(env GIT_SSL_CAINFO="$tls_ca" git ls-remote "entire::$tls_entry/et/bench/small")
https_native=(env GIT_SSL_CAINFO="$tls_ca" git ls-remote "$tls_replica/et/bench/small")
eval "$tls_warm"
for _ in 1 2 3 4 5; do
  "${https_native[@]}" >/dev/null && "${https_helper[@]}" >/dev/null
  installed "${https_helper[@]}" >/dev/null
done
await_archive
pair=$(paired_ms "$runs" "$tls_warm" "${https_helper[@]}" -- "${https_native[@]}")
read -r h n <<<"$pair"
report "ls-remote over https, checkout" "$h" "$n"
pair=$(paired_ms "$runs" "$tls_warm" installed "${https_helper[@]}" -- "${https_native[@]}")
read -r h n <<<"$pair"
report "ls-remote over https, installed" "$h" "$n"

clean="rm -rf $work/clone"
h=$(median_ms 3 "$clean; $warm" git clone -q "$helper_url/large" "$work/clone")
n=$(median_ms 3 "$clean" git clone -q "$native_url/large" "$work/clone")
report "clone ${clone_mb} MiB (protocol v2)" "$h" "$n"

h=$(median_ms 3 "$clean; $warm" git -c protocol.version=0 clone -q "$helper_url/large" "$work/clone")
n=$(median_ms 3 "$clean" git -c protocol.version=0 clone -q "$native_url/large" "$work/clone")
report "clone ${clone_mb} MiB (protocol v0)" "$h" "$n"
rm -rf "$work/clone"

if [ "$push_mb" -gt 0 ]; then
  echo "== push of ${push_mb} MiB through the helper with JAVA_OPTS=-Xmx128m"
  src="$work/push-src"
  git init -q -b main "$src"
  head -c "$((push_mb * 1024 * 1024))" /dev/urandom >"$src/blob.bin"
  git -C "$src" add blob.bin
  git -C "$src" commit -qm "large blob"
  write_cache "$replica"
  # Each transport pushes into its own empty repository, so both send the whole pack.
  start=$(date +%s%N)
  if JAVA_OPTS=-Xmx128m git -C "$src" push -q "$helper_url/push" main:refs/heads/helper 2>"$work/push.err"; then
    end=$(date +%s%N); hp=$(( (end - start) / 1000000 ))
  else
    echo "push through the helper FAILED:" >&2; cat "$work/push.err" >&2; exit 1
  fi
  start=$(date +%s%N)
  git -C "$src" push -q "$native_url/push-native" main:refs/heads/native 2>"$work/push.err" || { cat "$work/push.err" >&2; exit 1; }
  end=$(date +%s%N); np=$(( (end - start) / 1000000 ))
  report "push ${push_mb} MiB (helper -Xmx128m)" "$hp" "$np"
  # The floor the design allows on this machine: git's own pack of the same objects written to a
  # file, then one POST of those bytes (the receive-pack command in pkt-lines, then the pack) to
  # the same replica. curl -T streams the file (--data-binary @file would read 1 GiB into memory).
  zero=0000000000000000000000000000000000000000
  head_sha="$(git -C "$src" rev-parse HEAD)"
  command="$zero $head_sha refs/heads/floor"; caps="report-status"
  start=$(date +%s%N)
  {
    # One pkt-line: length, the command, NUL, the capabilities (a bash string cannot hold the NUL).
    printf '%04x%s\0%s' $(( 4 + ${#command} + 1 + ${#caps} )) "$command" "$caps"
    printf '0000'
    echo main | git -C "$src" pack-objects --revs --stdout -q
  } >"$work/floor.body"
  curl -sS -f -X POST -T "$work/floor.body" -H 'Expect:' \
    -H 'Content-Type: application/x-git-receive-pack-request' \
    -H 'Accept: application/x-git-receive-pack-result' \
    "$replica/et/bench/push-floor/git-receive-pack" -o "$work/floor.out" 2>"$work/push.err" ||
    { cat "$work/push.err" >&2; exit 1; }
  end=$(date +%s%N); fp=$(( (end - start) / 1000000 ))
  grep -aq "unpack ok" "$work/floor.out" || { echo "the floor's POST was not accepted:" >&2; cat -v "$work/floor.out" >&2; exit 1; }
  rm -f "$work/floor.body"
  [ "$(git -C "$work/repos/et/bench/push-floor" rev-parse refs/heads/floor)" = "$head_sha" ] ||
    { echo "the floor's push did not arrive" >&2; exit 1; }
  printf '%-44s helper %7d ms   floor  %7d ms   ratio %s   (pack-objects to a file + one POST)\n' \
    "push ${push_mb} MiB vs its floor" "$hp" "$fp" "$(ratio "$hp" "$fp")"
  target "push / floor" "$(ratio "$hp" "$fp")" 1.1 "x"
  if [ "$(git -C "$work/repos/et/bench/push" rev-parse refs/heads/helper)" = "$(git -C "$src" rev-parse HEAD)" ]; then
    echo "   pushed commit arrived intact"
  else
    echo "   the pushed commit is NOT in the server's repository" >&2; exit 1
  fi
fi
echo "== targets (issue 14; medians of this run, on this machine)"
printf '%s\n' "${targets[@]}"
