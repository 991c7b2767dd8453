#!/bin/bash
# run.sh [human|fast] [client flags...]: one whole run of issue 17's load
# (BENCHMARKS.md, "The 50-session load in 100 ms"): a fresh copy of the
# demo store, a key for each of the 50 officers rostered on its deployed
# visits, oic serve on it, 50 sessions recording 20 notes each, then the
# notes counted on their trails and oic verify. Run from the repository.
#
#   OIC=/path/to/oic     the server's binary (default: built from here)
#   SRC=/tmp/dm100       the store copied (never opened in place)
#   PORT=2370            where the server listens (127.0.0.1)
#   ADMIN=DEMO01 PIN=/tmp/pin   the demo's administrator and its PIN file
#   VERIFY=0             skip oic verify (a few minutes at 100,000 visits)
#   KEEP=1               keep the copy, the profile and the logs
#   PROFILE=1            the server writes a CPU profile (OIC_CPUPROFILE)
#   N=50                 how many officers sign in (memory a session: N=1 against N=50)
# With -hold D (run's flag) the sessions stay idle at the register and the
# server's heap is written to heap.prof (KEEP=1 to keep it for go tool pprof).
set -euo pipefail
pace=${1:-human}; shift || true
case $pace in
  human) pflags=(-pace-min 2s -pace-max 5s) ;;
  fast)  pflags=(-pace-min 200ms -pace-max 200ms) ;;
  *) echo "run.sh: the pace is human or fast, not $pace" >&2; exit 2 ;;
esac
SRC=${SRC:-/tmp/dm100}; PORT=${PORT:-2370}; ADMIN=${ADMIN:-DEMO01}; PIN=${PIN:-/tmp/pin}
work=$(mktemp -d /tmp/sshload.XXXXXX)
db=$work/db
if [ -z "${OIC:-}" ]; then go build -o "$work/oic" ./cmd/oic; OIC=$work/oic; fi
go build -o "$work/oic-sshload" ./cmd/oic-sshload
load=$work/oic-sshload
srv=
cleanup() {
  [ -n "$srv" ] && kill -TERM "$srv" 2>/dev/null && wait "$srv" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== copy $SRC (load $(cut -d' ' -f1-3 /proc/loadavg))"
cp -a "$SRC" "$db"
"$load" prepare -data-dir "$db" -work "$work" -n "${N:-50}"
while IFS=$'\t' read -r sn ref key; do
  OIC_PIN_FILE=$PIN "$OIC" --data-dir "$db" --as "$ADMIN" officer key add "$sn" "$key.pub" >/dev/null
done < "$work/plan.tsv"

prof=
[ "${PROFILE:-0}" = 1 ] && prof=$work/cpu.prof
OIC_CPUPROFILE=$prof OIC_HEAPPROFILE=$work/heap.prof "$OIC" --data-dir "$db" serve --listen "127.0.0.1:$PORT" --idle-timeout 0 >"$work/serve.log" 2>&1 &
srv=$!
for _ in $(seq 600); do grep -q listening "$work/serve.log" && break; sleep 0.1; done
grep -q listening "$work/serve.log" || { cat "$work/serve.log"; exit 1; }
rss0=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$srv/status)

echo "== run: $pace, server RSS before $rss0 MB"
"$load" run -addr "127.0.0.1:$PORT" -work "$work" -server-pid "$srv" "${pflags[@]}" "$@" || true

kill -TERM "$srv"; wait "$srv" || true; srv=
echo "== count"
"$load" count -data-dir "$db" -work "$work"
if [ "${VERIFY:-1}" = 1 ]; then
  echo "== verify"
  "$OIC" --data-dir "$db" verify 2>&1 | tr "\r" "\n" | grep -v "^Verifying" | tail -3
fi
[ -n "$prof" ] && echo "profile: $prof"
exit 0
