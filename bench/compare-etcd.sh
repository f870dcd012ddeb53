#!/usr/bin/env bash
# compare-etcd.sh: objmeta vs etcd, side by side on this machine, same load generator, same workload.
#
#   bench/compare-etcd.sh [workload] [clients]      workload: put | cas | cas-stale | get | get-stale | list |
#                                                   mixed | all (cas-stale: the read before each update is
#                                                   etcd serializable / objmeta STALE; the update still checks)
#                                                   (default: put); clients: closed-loop clients (default: 256)
#
# For each workload, one cluster at a time (so they never share the CPU): three etcd members on loopback, then
# three objmeta nodes (bin/local-cluster), each in fresh temp data directories; bin/metabench drives the same
# requests at both from one JVM, through jetcd and through grpc-java (objmeta's stubs); then both results and the
# objmeta/etcd ratios of throughput and p99 are printed. Everything started is stopped, even on failure or ^C.
#
# Environment (all optional):
#   MEASURE_SECONDS (20)  WARMUP_SECONDS (90: most JIT compiling is done by then; some goes on for minutes)
#   PREWARM_SECONDS (60 when clients < 64, else 0) PREWARM_CLIENTS (64): before the warm-up, the same workload
#     with PREWARM_CLIENTS clients, not reported, against either system — a few clients never warm a JVM (at
#     1 client, ~100 puts/s take minutes to reach the JIT's thresholds: objmeta's 1-client put p50 went from
#     10.2 ms cold to 3.6 ms after a loaded minute); etcd is compiled ahead of time and gets the same pre-run
#   ROUNDS (1: etcd then objmeta; more alternate the order and the summary takes the medians)
#   KEYS (100000: preloaded keys for get/list/mixed)  PREFIXES (100)
#   ETCD_BASE_PORT (23790: member i gets client port BASE+10*(i-1), peer port +1)
#   OBJMETA_BASE_PORT (7860: node i gets API port BASE+10*(i-1), Raft port +1)
#   OUT (a directory for the JSON reports; default: a temp directory, printed)
#   ETCD (the etcd binary; default: etcd on PATH, installed with apt-get install etcd-server if missing)
#   OBJMETA_ROUTING (leader: writes and linearizable reads to the leader, as meta-client does; spread: every
#     client thread to its own endpoint) — passed as metabench --objmeta-routing
#   ETCD_ROUTING (spread: all three endpoints, jetcd's own round-robin; leader: only the etcd leader's endpoint,
#     a control for what routing alone buys)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD="${1:-put}"
CLIENTS="${2:-256}"
MEASURE_SECONDS="${MEASURE_SECONDS:-20}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
PREWARM_CLIENTS="${PREWARM_CLIENTS:-64}"
if [[ -z "${PREWARM_SECONDS:-}" ]]; then
  if ((CLIENTS < 64)); then PREWARM_SECONDS=60; else PREWARM_SECONDS=0; fi
fi
ROUNDS="${ROUNDS:-1}"
KEYS="${KEYS:-100000}"
PREFIXES="${PREFIXES:-100}"
ETCD_BASE_PORT="${ETCD_BASE_PORT:-23790}"
OBJMETA_BASE_PORT="${OBJMETA_BASE_PORT:-7860}"
OBJMETA_ROUTING="${OBJMETA_ROUTING:-leader}"
ETCD_ROUTING="${ETCD_ROUTING:-spread}"
[[ "$OBJMETA_ROUTING" == leader || "$OBJMETA_ROUTING" == spread ]] \
  || { echo "compare-etcd: OBJMETA_ROUTING=$OBJMETA_ROUTING (expected: leader or spread)" >&2; exit 2; }
[[ "$ETCD_ROUTING" == leader || "$ETCD_ROUTING" == spread ]] \
  || { echo "compare-etcd: ETCD_ROUTING=$ETCD_ROUTING (expected: spread or leader)" >&2; exit 2; }

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

case "$WORKLOAD" in
  put|cas|cas-stale|get|get-stale|list|mixed) WORKLOADS=("$WORKLOAD") ;;
  all) WORKLOADS=(put cas cas-stale get get-stale list mixed) ;;
  -h|--help) usage ;;
  *) echo "compare-etcd: workload $WORKLOAD (expected: put, cas, cas-stale, get, get-stale, list, mixed or all)" >&2; usage ;;
esac
[[ "$CLIENTS" =~ ^[1-9][0-9]*$ ]] || { echo "compare-etcd: clients $CLIENTS (expected: a positive number)" >&2; usage; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "compare-etcd: ROUNDS=$ROUNDS (expected: a positive number)" >&2; exit 2; }

log() { echo "compare-etcd: $*" >&2; }

# --- etcd: installed if missing --------------------------------------------------------------------------
ETCD="${ETCD:-$(command -v etcd || true)}"
if [[ -z "$ETCD" ]]; then
  log "etcd not found; installing Debian's etcd-server"
  SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server >&2 \
    || { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q etcd-server >&2; }
  # the package enables a system service on 2379; this script runs its own members and needs no other
  if command -v systemctl >/dev/null && systemctl is-active --quiet etcd 2>/dev/null; then
    $SUDO systemctl stop etcd || true
  fi
  ETCD="$(command -v etcd)"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/compare-etcd.XXXXXX")"
OUT="${OUT:-$WORK/reports}"
mkdir -p "$OUT"
export OBJMETA_CLUSTER_STATE="$WORK/objmeta-state"
ETCD_PIDS=()

stop_etcd() {
  local pid
  for pid in "${ETCD_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${ETCD_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  ETCD_PIDS=()
  rm -rf "$WORK/etcd"
}

stop_objmeta() {
  if [[ -f "$OBJMETA_CLUSTER_STATE/nodes" ]]; then
    "$ROOT/bin/local-cluster" stop >&2 || true
  fi
}

cleanup() {
  local rc=$?
  stop_etcd
  stop_objmeta
  rm -rf "$WORK/etcd" "$OBJMETA_CLUSTER_STATE"
  [[ $rc -ne 0 ]] && log "failed (exit $rc); reports so far in $OUT"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

etcd_endpoints() {
  local i eps=""
  for i in 1 2 3; do eps+="${eps:+,}127.0.0.1:$((ETCD_BASE_PORT + 10 * (i - 1)))"; done
  echo "$eps"
}

# the client URL host:port of the etcd member that leads (from each member's /v3/maintenance/status)
etcd_leader_endpoint() {
  local i ep status
  for i in 1 2 3; do
    ep="127.0.0.1:$((ETCD_BASE_PORT + 10 * (i - 1)))"
    status="$(curl -s -X POST "http://$ep/v3/maintenance/status" -d '{}' || true)"
    local member leader
    member="$(grep -o '"member_id":"[0-9]*"' <<<"$status" | grep -o '[0-9][0-9]*' || true)"
    leader="$(grep -o '"leader":"[0-9]*"' <<<"$status" | grep -o '[0-9][0-9]*' || true)"
    if [[ -n "$member" && "$member" == "$leader" ]]; then echo "$ep"; return 0; fi
  done
  log "ETCD_ROUTING=leader: no etcd member reports itself leader"
  exit 1
}

objmeta_endpoints() {
  local i eps=""
  for i in 1 2 3; do eps+="${eps:+,}127.0.0.1:$((OBJMETA_BASE_PORT + 10 * (i - 1)))"; done
  echo "$eps"
}

start_etcd() {
  local cluster="" i
  for i in 1 2 3; do
    cluster+="${cluster:+,}e$i=http://127.0.0.1:$((ETCD_BASE_PORT + 10 * (i - 1) + 1))"
  done
  mkdir -p "$WORK/etcd"
  for i in 1 2 3; do
    local client=$((ETCD_BASE_PORT + 10 * (i - 1))) peer=$((ETCD_BASE_PORT + 10 * (i - 1) + 1))
    "$ETCD" --name "e$i" --data-dir "$WORK/etcd/e$i" \
      --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
      --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "compare-$$" \
      --logger zap --log-level warn > "$WORK/etcd-e$i.log" 2>&1 &
    ETCD_PIDS+=($!)
  done
  local deadline=$((SECONDS + 60))
  for i in 1 2 3; do
    local client=$((ETCD_BASE_PORT + 10 * (i - 1)))
    until curl -s "http://127.0.0.1:$client/health" 2>/dev/null | grep -q '"health":"true"'; do
      if ((SECONDS > deadline)); then
        log "etcd member e$i did not become healthy; its log:"
        tail -n 20 "$WORK/etcd-e$i.log" >&2
        exit 1
      fi
      sleep 0.2
    done
  done
  log "etcd $("$ETCD" --version | head -n1 | awk '{print $3}'): 3 members up at $(etcd_endpoints)"
}

start_objmeta() {
  "$ROOT/bin/local-cluster" start -n 3 --base-port "$OBJMETA_BASE_PORT" >&2
}

# metabench arguments of a workload: workload_args WORKLOAD [CLIENTS]
workload_args() {
  local c="${2:-$CLIENTS}"
  case "$1" in
    put) echo "put --clients $c" ;;
    cas) echo "cas --clients $c --keys 1000" ;;
    cas-stale) echo "cas --clients $c --keys 1000 --stale" ;;
    get) echo "get --clients $c --keys $KEYS --prefixes $PREFIXES" ;;
    get-stale) echo "get --clients $c --keys $KEYS --prefixes $PREFIXES --stale" ;;
    list) echo "list --clients $c --keys $KEYS --prefixes $PREFIXES --max-keys 1000" ;;
    mixed) echo "mixed --clients $c --keys $KEYS --prefixes $PREFIXES" ;;
  esac
}

# run_one WORKLOAD SYSTEM ROUND: start SYSTEM, run, stop; the JSON report lands in $OUT
run_one() {
  local workload="$1" system="$2" round="$3" endpoints
  local routing=()
  if [[ "$system" == etcd ]]; then
    start_etcd
    if [[ "$ETCD_ROUTING" == leader ]]; then endpoints="$(etcd_leader_endpoint)"; else endpoints="$(etcd_endpoints)"; fi
  else
    start_objmeta; endpoints="$(objmeta_endpoints)"; routing=(--objmeta-routing "$OBJMETA_ROUTING")
  fi
  local report="$OUT/$workload-$system-$round.json"
  local rc=0
  if ((PREWARM_SECONDS > 0)); then
    log "round $round: pre-run of $workload against $system ($PREWARM_CLIENTS clients, ${PREWARM_SECONDS}s, not reported)"
    # shellcheck disable=SC2046
    "$ROOT/bin/metabench" $(workload_args "$workload" "$PREWARM_CLIENTS") --target "$system" --endpoints "$endpoints" \
      "${routing[@]}" --seconds "$PREWARM_SECONDS" --warmup-seconds 0 > "$OUT/$workload-$system-$round.prewarm.txt" \
      2>&1 || rc=$?
    if [[ $rc -ne 0 && $rc -ne 3 ]]; then
      if [[ "$system" == etcd ]]; then stop_etcd; else stop_objmeta; fi
      log "metabench pre-run failed (exit $rc) on $workload against $system"
      exit 1
    fi
    rc=0
  fi
  log "round $round: $workload against $system ($CLIENTS clients, ${WARMUP_SECONDS}s warm-up, ${MEASURE_SECONDS}s measured)"
  # shellcheck disable=SC2046
  "$ROOT/bin/metabench" $(workload_args "$workload") --target "$system" --endpoints "$endpoints" "${routing[@]}" \
    --seconds "$MEASURE_SECONDS" --warmup-seconds "$WARMUP_SECONDS" --json > "$report.tmp" || rc=$?
  if [[ "$system" == etcd ]]; then stop_etcd; else stop_objmeta; fi
  # exit 3 = the run finished but some calls failed: kept (the errors are in the report), anything else is fatal
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    log "metabench failed (exit $rc) on $workload against $system"
    exit 1
  fi
  tail -n 1 "$report.tmp" > "$report" && rm -f "$report.tmp"
}

field() { grep -o "\"$2\":[-0-9.eE]*" "$1" | head -n1 | cut -d: -f2; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$ROOT/bin/metabench" --version >&2 # builds once, before any clock
log "reports in $OUT"
for workload in "${WORKLOADS[@]}"; do
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2 == 1)); then order=(etcd objmeta); else order=(objmeta etcd); fi
    for system in "${order[@]}"; do run_one "$workload" "$system" "$round"; done
  done
done

echo
echo "objmeta vs etcd, 3 nodes each on loopback, $CLIENTS clients, ${MEASURE_SECONDS}s measured, $ROUNDS round(s) (medians); $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-10s %12s %12s %8s %10s %10s %8s %10s %10s %8s %8s\n' workload "etcd ops/s" "objmeta" ratio \
  "etcd p50" objmeta ratio "etcd p99" objmeta ratio errors
for workload in "${WORKLOADS[@]}"; do
  declare -A v=()
  for system in etcd objmeta; do
    for f in opsPerSec p50Micros p99Micros errors; do
      v[$system.$f]="$(for ((r = 1; r <= ROUNDS; r++)); do field "$OUT/$workload-$system-$r.json" "$f"; done | median)"
    done
  done
  awk -v w="$workload" -v eo="${v[etcd.opsPerSec]}" -v oo="${v[objmeta.opsPerSec]}" \
      -v e50="${v[etcd.p50Micros]}" -v o50="${v[objmeta.p50Micros]}" \
      -v e99="${v[etcd.p99Micros]}" -v o99="${v[objmeta.p99Micros]}" \
      -v ee="${v[etcd.errors]}" -v oe="${v[objmeta.errors]}" 'BEGIN {
    printf "%-10s %12.0f %12.0f %7.2fx %8.1fms %8.1fms %7.2fx %8.1fms %8.1fms %7.2fx %4d/%-4d\n",
      w, eo, oo, (eo > 0 ? oo / eo : 0), e50 / 1000, o50 / 1000, (e50 > 0 ? o50 / e50 : 0),
      e99 / 1000, o99 / 1000, (e99 > 0 ? o99 / e99 : 0), ee, oe }'
  unset v
done
echo "(ratio = objmeta / etcd: above 1 is better for ops/s, below 1 is better for latency; errors = etcd/objmeta)"
for w in "${WORKLOADS[@]}"; do
  [[ "$w" == cas* ]] || continue
  for system in etcd objmeta; do
    echo "$w $system: conflicts $(for ((r = 1; r <= ROUNDS; r++)); do field "$OUT/$w-$system-$r.json" conflicts; done | median)" \
      "attempts/update $(for ((r = 1; r <= ROUNDS; r++)); do field "$OUT/$w-$system-$r.json" attemptsPerUpdate; done | median)"
  done
done
