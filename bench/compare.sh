#!/usr/bin/env bash
# Side-by-side timing of gfn4j and torchgfn (its tutorials/examples/train_hypergrid.py) on HyperGrid, in one sitting,
# and of gfnx (its baselines/tb_hypergrid.py, JAX) where a gfnx checkout and a Python with jax are there.
#
# Usage:
#   bench/compare.sh                       # the default configurations, REPEATS=3
#   QUICK=1 bench/compare.sh               # a check of the script itself: 1 repeat, iterations / 10
#   CONFIGS="2:8:16:1000" REPEATS=1 bench/compare.sh
#
# Environment (all optional):
#   CONFIGS             space-separated NDIM:HEIGHT:BATCH:ITERATIONS. Default:
#                       "2:8:16:1000 4:8:16:1000 4:8:256:100 4:8:256:1000 2:100:16:1000"
#   REPEATS             repeats of every run (default 3; QUICK: 1)
#   QUICK=1             1 repeat, every iteration count (and BASE_ITERS) divided by 10
#   BASE_ITERS          iterations of the short run that steady state subtracts (default 100)
#   TORCHGFN_DIR        torchgfn checkout (default /work/peers/torchgfn; commit f39bfc9, version 2.4.1)
#   TORCHGFN_PYTHON     Python with torch (default /work/peers/venv/bin/python)
#   TORCHGFN_PYTHONPATH extra PYTHONPATH after $TORCHGFN_DIR/src: the tensordict / linear_attention_transformer
#                       stubs and torchgfn-2.4.1.dist-info (default /work/peers/stubs)
#   TORCHGFN_THREADS    OMP_NUM_THREADS values run for torchgfn in every repeat (default "1 2"); the table
#                       shows the one with the lower median loop ms/iteration, per configuration
#   GFNX                1: run gfnx too, 0: not; default: auto, i.e. when GFNX_DIR and GFNX_PYTHON are there
#   GFNX_DIR            gfnx checkout (default /work/peers/gfnx; d-tiapkin/gfnx, commit 068316d)
#   GFNX_PYTHON         Python with jax and gfnx's dependencies (default /work/peers/gfnx-venv/bin/python)
#   GFNX_PYTHONPATH     PYTHONPATH for it (default /work/peers/gfnx-stubs: the jax.tree_map alias, see bench/README.md)
#   GFN4J_DIR           gfn4j repository (default: the folder above this script)
#   GFN4J_THREADS       OMP_NUM_THREADS for gfn4j (default: unset, so ./gfn's own default, 1, applies)
#   GFN4J_EXTRA_ARGS    extra arguments for 'gfn train' (default none)
#   RUN_TIMEOUT         seconds one run may take before the script fails (default 3600)
#   CSV                 where the raw per-run numbers go (default ${TMPDIR:-/tmp}/gfn4j-compare-<time>.csv)
#   KEEP_TMP=1          keep the temporary run folders (their path is printed)
#
# What runs (the same for both tools): HyperGrid with the original reward (R0 0.1, R1 0.5, R2 2), trajectory
# balance, MLP 256 wide with 2 hidden layers for PF and PB (not tied), Adam with lr 1e-3 and log Z lr 0.1, no
# weight decay, no replay buffer, on-policy, seed 1, no progress bar, evaluation off inside the timed loop:
#   gfn4j:    ./gfn train --env hypergrid --env-opt ndim=N --env-opt height=H --loss tb --hidden 256 --layers 2
#             --batch-size B --iterations I --eval-every 0 --no-progress --seed 1 --out TMP
#             (--eval-every 0 evaluates once after the loop, outside its time; the exact L1 is in summary.json)
#   torchgfn: python -O tutorials/examples/train_hypergrid.py --no_cuda --ndim N --height H --loss TB
#             --batch_size B --replay_buffer_size 0 --seed 1 --n_trajectories B*I --hidden_dim 256 --n_hidden 2
#             --lr 1e-3 --lr_Z 0.1 --weight_decay 0 --validation_interval I+1 --timing   (TQDM_DISABLE=1)
#             (its optimizer is AdamW with weight_decay 1e-4 by default: 0 makes it Adam, as gfn4j's default;
#             without --validate_environment it never validates, the interval only spaces its modes count)
#   gfnx:     python bench/gfnx_timed.py GFNX_DIR seed=1 num_envs=B num_train_steps=I environment.dim=N
#             environment.side=H network.hidden_size=256 network.depth=2 agent.learning_rate=1e-3
#             agent.logZ_learning_rate=0.1 agent.start_eps=0 agent.end_eps=0 agent.exploration_steps=1
#             logging.eval_each=I+1 logging.checkpoint_dir=TMP   (GFNX_R0=0.1: the same original reward)
#             (gfnx's network is one MLP trunk with PF's and PB's outputs, not two MLPs: about half the work)
# Within a repeat the runs alternate tool by tool (gfn4j, torchgfn at each thread count, then the next run), and
# every other repeat reverses the order, so a slow drift of the machine hits both tools alike.
#
# What is measured, per run:
#   loop ms/it   the training loop's mean time per iteration, warm-up (first iterations, JIT, allocator) included.
#                gfn4j: ms_per_iteration of summary.json. torchgfn: total_time (its stderr, the loop only) / I.
#   wall s       the whole process, start to exit (JVM or interpreter start, imports, set-up, final evaluation and
#                writing for gfn4j), measured the same way for both with date +%s.%N around the command.
#   steady ms/it (loop time of the I-iteration run - loop time of the BASE_ITERS-iteration run of the same
#                configuration, seed and repeat) / (I - BASE_ITERS): the mean over iterations BASE_ITERS+1..I.
#                Runs with the same seed replay the same first BASE_ITERS iterations, so the difference is fair.
#                Left out ("-") for a configuration whose I is BASE_ITERS itself.
#   gfnx         loop = its compiled loop's run time (compilation excluded, reported apart as compile s: trace,
#                lower and XLA compile), steady and wall as above.
# The table shows the medians over repeats and the ratios torchgfn / gfn4j (above 1: gfn4j is faster).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GFN4J_DIR="${GFN4J_DIR:-$(cd "$script_dir/.." && pwd)}"
TORCHGFN_DIR="${TORCHGFN_DIR:-/work/peers/torchgfn}"
TORCHGFN_PYTHON="${TORCHGFN_PYTHON:-/work/peers/venv/bin/python}"
TORCHGFN_PYTHONPATH="${TORCHGFN_PYTHONPATH:-/work/peers/stubs}"
TORCHGFN_THREADS="${TORCHGFN_THREADS:-1 2}"
GFNX_DIR="${GFNX_DIR:-/work/peers/gfnx}"
GFNX_PYTHON="${GFNX_PYTHON:-/work/peers/gfnx-venv/bin/python}"
GFNX_PYTHONPATH="${GFNX_PYTHONPATH:-/work/peers/gfnx-stubs}"
GFNX="${GFNX:-auto}"
GFN4J_EXTRA_ARGS="${GFN4J_EXTRA_ARGS:-}"
RUN_TIMEOUT="${RUN_TIMEOUT:-3600}"
QUICK="${QUICK:-0}"
CONFIGS="${CONFIGS:-2:8:16:1000 4:8:16:1000 4:8:256:100 4:8:256:1000 2:100:16:1000}"
BASE_ITERS="${BASE_ITERS:-100}"
if [[ "$QUICK" == 1 ]]; then
  REPEATS="${REPEATS:-1}"
else
  REPEATS="${REPEATS:-3}"
fi
stamp_now="$(date +%Y%m%d-%H%M%S)"
CSV="${CSV:-${TMPDIR:-/tmp}/gfn4j-compare-$stamp_now.csv}"

die() { echo "compare.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---- checks -------------------------------------------------------------------------------------------------
[[ "$REPEATS" =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer, not '$REPEATS'"
[[ "$BASE_ITERS" =~ ^[1-9][0-9]*$ ]] || die "BASE_ITERS must be a positive integer, not '$BASE_ITERS'"
[[ "$RUN_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "RUN_TIMEOUT must be a positive integer, not '$RUN_TIMEOUT'"
for t in $TORCHGFN_THREADS; do [[ "$t" =~ ^[1-9][0-9]*$ ]] || die "TORCHGFN_THREADS: '$t' is not a thread count"; done
[[ -n "${TORCHGFN_THREADS// /}" ]] || die "TORCHGFN_THREADS is empty"
[[ -x "$GFN4J_DIR/gfn" ]] || die "no gfn4j launcher at $GFN4J_DIR/gfn (set GFN4J_DIR)"
hypergrid_py="$TORCHGFN_DIR/tutorials/examples/train_hypergrid.py"
[[ -f "$hypergrid_py" ]] || die "no $hypergrid_py (set TORCHGFN_DIR to a torchgfn checkout)"
[[ -d "$TORCHGFN_DIR/src/gfn" ]] || die "no $TORCHGFN_DIR/src/gfn (set TORCHGFN_DIR to a torchgfn checkout)"
command -v "$TORCHGFN_PYTHON" >/dev/null || die "no Python at '$TORCHGFN_PYTHON' (set TORCHGFN_PYTHON)"
command -v timeout >/dev/null || die "the 'timeout' command (coreutils) is needed"
torch_pythonpath="$TORCHGFN_DIR/src${TORCHGFN_PYTHONPATH:+:$TORCHGFN_PYTHONPATH}"
torch_version="$(PYTHONPATH="$torch_pythonpath" "$TORCHGFN_PYTHON" -c \
  'import torch, gfn; print(torch.__version__, gfn.__version__)' 2>&1)" \
  || die "'$TORCHGFN_PYTHON' cannot import torch and gfn with PYTHONPATH=$torch_pythonpath: $torch_version"
if [[ "$GFNX" == auto ]]; then
  if [[ -f "$GFNX_DIR/baselines/tb_hypergrid.py" ]] && command -v "$GFNX_PYTHON" >/dev/null; then GFNX=1; else GFNX=0; fi
fi
[[ "$GFNX" == 0 || "$GFNX" == 1 ]] || die "GFNX must be 0, 1 or auto, not '$GFNX'"
if [[ "$GFNX" == 1 ]]; then
  [[ -f "$GFNX_DIR/baselines/tb_hypergrid.py" ]] || die "no $GFNX_DIR/baselines/tb_hypergrid.py (set GFNX_DIR, or GFNX=0)"
  gfnx_versions="$(PYTHONPATH="$GFNX_DIR/src${GFNX_PYTHONPATH:+:$GFNX_PYTHONPATH}" "$GFNX_PYTHON" -c \
    'import jax, gfnx, equinox; print(jax.__version__, equinox.__version__)' 2>&1 | tail -n 1)" \
    || die "'$GFNX_PYTHON' cannot import jax, gfnx and equinox: $gfnx_versions (or GFNX=0)"
  gfnx_commit="$(head -c 40 "$GFNX_DIR/COMMIT" 2>/dev/null || git -C "$GFNX_DIR" rev-parse HEAD 2>/dev/null || echo unknown)"
fi
torchgfn_version="${torch_version#* }"
torch_version="${torch_version%% *}"
if [[ -d "$TORCHGFN_DIR/.git" ]]; then
  torchgfn_commit="$(git -C "$TORCHGFN_DIR" rev-parse HEAD 2>/dev/null || echo unknown)"
elif [[ -f "$TORCHGFN_DIR/COMMIT" ]]; then
  torchgfn_commit="$(head -c 40 "$TORCHGFN_DIR/COMMIT")"
else
  torchgfn_commit=unknown
fi

# Parse the configurations; the runs needed are each configuration plus its BASE_ITERS-iteration run.
declare -a cfgs=()
declare -A needed=()
scale() { # iterations in QUICK mode: / 10, at least 2
  local i=$1
  if [[ "$QUICK" == 1 ]]; then i=$(( i / 10 )); if (( i < 2 )); then i=2; fi; fi
  echo "$i"
}
base_iters="$BASE_ITERS"
if [[ "$QUICK" == 1 ]]; then base_iters=$(( BASE_ITERS / 10 )); if (( base_iters < 1 )); then base_iters=1; fi; fi
for c in $CONFIGS; do
  [[ "$c" =~ ^([1-9][0-9]*):([1-9][0-9]*):([1-9][0-9]*):([1-9][0-9]*)$ ]] \
    || die "bad configuration '$c' in CONFIGS (expected NDIM:HEIGHT:BATCH:ITERATIONS, e.g. 2:8:16:1000)"
  n=${BASH_REMATCH[1]} h=${BASH_REMATCH[2]} b=${BASH_REMATCH[3]}
  i=$(scale "${BASH_REMATCH[4]}")
  (( h >= 2 )) || die "configuration '$c': height must be at least 2"
  cfgs+=("$n:$h:$b:$i")
  needed["$n:$h:$b:$i"]=1
  if (( i > base_iters )); then needed["$n:$h:$b:$base_iters"]=1; fi
done
(( ${#cfgs[@]} > 0 )) || die "CONFIGS is empty"
# A stable order of the distinct runs: by configuration, then iterations.
mapfile -t runs < <(printf '%s\n' "${!needed[@]}" | sort -t: -k1,1n -k2,2n -k3,3n -k4,4n)

# ---- temporary folders and clean-up -------------------------------------------------------------------------
tmp_root="$(mktemp -d "${TMPDIR:-/tmp}/gfn4j-compare.XXXXXX")"
cleanup() {
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "compare.sh: run folders kept in $tmp_root" >&2; else rm -rf "$tmp_root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# Shows the end of a failed run's output and stops.
fail_run() { # what, folder
  echo "compare.sh: $1" >&2
  for f in "$2"/stdout "$2"/stderr; do
    [[ -s "$f" ]] && { echo "---- last lines of $f:" >&2; grep -v '%|' "$f" | tail -n 15 >&2; }
  done
  exit 1
}

# run_gfn4j N H B I -> prints "loop_s ms_per_iteration wall_s l1_exact"
run_gfn4j() {
  local n=$1 h=$2 b=$3 i=$4 attempt dir s e wall summary ms iters l1 rc
  for attempt in 1 2; do
    dir="$(mktemp -d "$tmp_root/gfn4j.XXXXXX")"
    local -a envs=(env)
    if [[ -n "${GFN4J_THREADS:-}" ]]; then envs+=(OMP_NUM_THREADS="$GFN4J_THREADS"); else envs+=(-u OMP_NUM_THREADS); fi
    s=$(now)
    rc=0
    # shellcheck disable=SC2086  # GFN4J_EXTRA_ARGS is split into arguments on purpose
    (cd "$GFN4J_DIR" && timeout "$RUN_TIMEOUT" "${envs[@]}" ./gfn train --env hypergrid --env-opt "ndim=$n" \
      --env-opt "height=$h" --loss tb --hidden 256 --layers 2 --batch-size "$b" --iterations "$i" --eval-every 0 \
      --no-progress --seed 1 $GFN4J_EXTRA_ARGS --out "$dir/run") >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
    e=$(now)
    if (( rc == 124 )); then fail_run "gfn4j $n:$h:$b:$i ran past RUN_TIMEOUT=${RUN_TIMEOUT}s" "$dir"; fi
    (( rc == 0 )) || fail_run "gfn4j $n:$h:$b:$i failed (exit $rc)" "$dir"
    if grep -q '^gfn: building' "$dir/stderr"; then
      # The sources changed under the launcher: this run timed a build. Once more, now built.
      (( attempt == 1 )) || fail_run "gfn4j rebuilt itself twice in a row (are its sources being edited?)" "$dir"
      log "  gfn4j rebuilt itself during a timed run (sources changed); running it again"
      rm -rf "$dir"
      continue
    fi
    break
  done
  wall=$(elapsed "$s" "$e")
  summary="$dir/run/summary.json"
  [[ -f "$summary" ]] || fail_run "gfn4j $n:$h:$b:$i wrote no $summary" "$dir"
  ms=$(sed -n 's/^ *"ms_per_iteration" *: *\([0-9.eE+-]*\) *,\{0,1\} *$/\1/p' "$summary" | head -n 1)
  iters=$(sed -n 's/^ *"iterations" *: *\([0-9]*\) *,\{0,1\} *$/\1/p' "$summary" | head -n 1)
  l1=$(sed -n 's/^ *"l1_exact" *: *\([0-9.eE+-]*\) *,\{0,1\} *$/\1/p' "$summary" | head -n 1)
  [[ "$ms" =~ ^[0-9.eE+-]+$ ]] || fail_run "gfn4j $n:$h:$b:$i: no numeric ms_per_iteration in $summary" "$dir"
  [[ "$iters" == "$i" ]] || fail_run "gfn4j $n:$h:$b:$i: summary.json says iterations '$iters', expected $i" "$dir"
  rm -rf "$dir"
  awk -v ms="$ms" -v i="$i" -v w="$wall" -v l1="${l1:-}" 'BEGIN { printf "%.6f %.6f %s %s\n", ms * i / 1000, ms, w, (l1 == "" ? "NA" : l1) }'
}

# run_torchgfn N H B I THREADS -> prints "loop_s ms_per_iteration wall_s final_loss"
run_torchgfn() {
  local n=$1 h=$2 b=$3 i=$4 t=$5 dir s e wall total n_it loss rc
  dir="$(mktemp -d "$tmp_root/torchgfn.XXXXXX")"
  s=$(now)
  rc=0
  (cd "$TORCHGFN_DIR" && OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" TQDM_DISABLE=1 PYTHONPATH="$torch_pythonpath" \
    timeout "$RUN_TIMEOUT" "$TORCHGFN_PYTHON" -O "$hypergrid_py" --no_cuda --ndim "$n" --height "$h" --loss TB \
    --batch_size "$b" --replay_buffer_size 0 --seed 1 --n_trajectories $(( b * i )) --hidden_dim 256 --n_hidden 2 \
    --lr 1e-3 --lr_Z 0.1 --weight_decay 0 --validation_interval $(( i + 1 )) --timing) \
    >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
  e=$(now)
  if (( rc == 124 )); then fail_run "torchgfn $n:$h:$b:$i (threads $t) ran past RUN_TIMEOUT=${RUN_TIMEOUT}s" "$dir"; fi
  (( rc == 0 )) || fail_run "torchgfn $n:$h:$b:$i (threads $t) failed (exit $rc)" "$dir"
  wall=$(elapsed "$s" "$e")
  total=$(sed -n 's/.*total_time[[:space:]]\{1,\}\([0-9.eE+-]\{1,\}\)s[[:space:]]*$/\1/p' "$dir/stderr" | tail -n 1)
  n_it=$(sed -n 's/.*n_iterations = \([0-9]\{1,\}\).*/\1/p' "$dir/stderr" | tail -n 1)
  loss=$(sed -n "s/.*Training complete, logs: {'loss': \([0-9.eE+-]*\),.*/\1/p" "$dir/stdout" | tail -n 1)
  [[ "$total" =~ ^[0-9.eE+-]+$ ]] \
    || fail_run "torchgfn $n:$h:$b:$i (threads $t): no 'total_time <s>s' line in its stderr (was --timing honoured?)" "$dir"
  [[ "$n_it" == "$i" ]] || fail_run "torchgfn $n:$h:$b:$i: it ran n_iterations = '$n_it', expected $i" "$dir"
  rm -rf "$dir"
  awk -v tt="$total" -v i="$i" -v w="$wall" -v l="${loss:-}" 'BEGIN { printf "%.6f %.6f %s %s\n", tt, tt * 1000 / i, w, (l == "" ? "NA" : l) }'
}

# run_gfnx N H B I -> prints "loop_s ms_per_iteration wall_s compile_s" (loop: the compiled loop's run only)
run_gfnx() {
  local n=$1 h=$2 b=$3 i=$4 dir s e wall line rc
  dir="$(mktemp -d "$tmp_root/gfnx.XXXXXX")"
  s=$(now)
  rc=0
  (cd "$dir" && GFNX_R0=0.1 PYTHONPATH="$GFNX_PYTHONPATH" timeout "$RUN_TIMEOUT" "$GFNX_PYTHON" "$script_dir/gfnx_timed.py" \
    "$GFNX_DIR" seed=1 num_envs="$b" num_train_steps="$i" environment.dim="$n" environment.side="$h" \
    network.hidden_size=256 network.depth=2 agent.learning_rate=1e-3 agent.logZ_learning_rate=0.1 \
    agent.start_eps=0.0 agent.end_eps=0.0 agent.exploration_steps=1 logging.eval_each=$(( i + 1 )) logging.tqdm_print_rate=$(( i < 20 ? i : 20 )) \
    logging.checkpoint_dir="$dir/checkpoint") >"$dir/stdout" 2>"$dir/stderr" </dev/null || rc=$?
  e=$(now)
  if (( rc == 124 )); then fail_run "gfnx $n:$h:$b:$i ran past RUN_TIMEOUT=${RUN_TIMEOUT}s" "$dir"; fi
  (( rc == 0 )) || fail_run "gfnx $n:$h:$b:$i failed (exit $rc)" "$dir"
  wall=$(elapsed "$s" "$e")
  line="$(sed -n 's/^GFNX_TIMING //p' "$dir/stderr" | tail -n 1)"
  [[ -n "$line" ]] || fail_run "gfnx $n:$h:$b:$i: no GFNX_TIMING line in its stderr" "$dir"
  rm -rf "$dir"
  "$GFNX_PYTHON" -c 'import json, sys; t = json.loads(sys.argv[1]); i = int(sys.argv[2])
assert t["iterations"] == i, "gfnx ran %s iterations, expected %d" % (t["iterations"], i)
print("%.6f %.6f %s %.3f" % (t["run_s"], t["run_s"] * 1000 / i, sys.argv[3], t["trace_s"] + t["compile_s"]))' \
    "$line" "$i" "$wall" || die "gfnx $n:$h:$b:$i: cannot read its timing line: $line"
}

# ---- environment facts ---------------------------------------------------------------------------------------
cpu_model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)"
java_version="$(java -version 2>&1 | head -n 1 | sed 's/"//g')" || java_version=unknown
gfn4j_commit="$(git --no-optional-locks -C "$GFN4J_DIR" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$gfn4j_commit" != unknown && -n "$(git --no-optional-locks -C "$GFN4J_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  gfn4j_commit="$gfn4j_commit (with uncommitted changes)"
fi

# ---- build gfn4j outside the timed runs ----------------------------------------------------------------------
log "gfn4j: first call (builds it if needed; not timed)"
(cd "$GFN4J_DIR" && ./gfn --version) >"$tmp_root/gfn-version.txt" 2>&1 </dev/null \
  || { tail -n 20 "$tmp_root/gfn-version.txt" >&2; die "'./gfn --version' failed in $GFN4J_DIR"; }
gfn4j_version="$(grep -v '^gfn:' "$tmp_root/gfn-version.txt" | tail -n 1)"

load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
total_runs=$(( ${#runs[@]} * REPEATS * (1 + $(wc -w <<<"$TORCHGFN_THREADS") + GFNX) ))
log "$REPEATS repeat(s) of ${#runs[@]} distinct runs x (gfn4j + torchgfn at threads: $TORCHGFN_THREADS$([[ "$GFNX" == 1 ]] && echo " + gfnx")) = $total_runs processes"

echo "repeat,tool,threads,ndim,height,batch,iterations,loop_s,loop_ms_per_iteration,wall_s,extra" >"$CSV"
# extra: gfn4j's exact L1 at the end, torchgfn's last loss (a check that both trained, not compared here), gfnx's
# compile seconds

declare -A loop=()  # key tool|threads|run|repeat -> loop seconds
declare -A ms=()
declare -A wall=()
done_runs=0
for (( r = 1; r <= REPEATS; r++ )); do
  order=(gfn4j)
  for t in $TORCHGFN_THREADS; do order+=("torchgfn:$t"); done
  if [[ "$GFNX" == 1 ]]; then order+=(gfnx); fi
  if (( r % 2 == 0 )); then
    rev=(); for (( k = ${#order[@]} - 1; k >= 0; k-- )); do rev+=("${order[k]}"); done; order=("${rev[@]}")
  fi
  for run in "${runs[@]}"; do
    IFS=: read -r n h b i <<<"$run"
    for tool in "${order[@]}"; do
      done_runs=$(( done_runs + 1 ))
      if [[ "$tool" == gfn4j ]]; then
        threads="${GFN4J_THREADS:-default}"
        out=$(run_gfn4j "$n" "$h" "$b" "$i")
        tname=gfn4j
      elif [[ "$tool" == gfnx ]]; then
        threads=default
        out=$(run_gfnx "$n" "$h" "$b" "$i")
        tname=gfnx
      else
        threads="${tool#torchgfn:}"
        out=$(run_torchgfn "$n" "$h" "$b" "$i" "$threads")
        tname=torchgfn
      fi
      read -r l m w x <<<"$out"
      key="$tname|$threads|$run|$r"
      loop[$key]=$l; ms[$key]=$m; wall[$key]=$w
      echo "$r,$tname,$threads,$n,$h,$b,$i,$l,$m,$w,$x" >>"$CSV"
      log "  [$done_runs/$total_runs] repeat $r $tname (threads $threads) ${n}x$h batch $b, $i it: loop $m ms/it, wall $w s"
    done
  done
done

# ---- summary ------------------------------------------------------------------------------------------------
median() { # numbers as arguments ("" or NA skipped) -> median, or "-" if none
  printf '%s\n' "$@" | awk '$1 != "" && $1 != "NA" && $1 != "-"' | sort -g | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
      if (NR % 2) printf "%.6f\n", v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt() { # number digits -> formatted, "-" stays
  [[ "$1" == - ]] && { echo -; return; }
  awk -v x="$1" -v d="$2" 'BEGIN { printf "%.*f\n", d, x }'
}
ratio() { # a b -> a / b with 2 decimals, "-" if either is missing
  [[ "$1" == - || "$2" == - ]] && { echo -; return; }
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f\n", a / b }'
}
# stats TOOL THREADS N H B I -> "loop_ms steady_ms wall_s" medians over repeats
stats() {
  local tool=$1 t=$2 n=$3 h=$4 b=$5 i=$6 r k kb
  local -a m=() s=() w=()
  for (( r = 1; r <= REPEATS; r++ )); do
    k="$tool|$t|$n:$h:$b:$i|$r"; kb="$tool|$t|$n:$h:$b:$base_iters|$r"
    m+=("${ms[$k]}"); w+=("${wall[$k]}")
    if (( i > base_iters )); then
      s+=("$(awk -v a="${loop[$k]}" -v c="${loop[$kb]}" -v i="$i" -v j="$base_iters" 'BEGIN { printf "%.6f", (a - c) * 1000 / (i - j) }')")
    fi
  done
  echo "$(median "${m[@]}") $(median "${s[@]+"${s[@]}"}") $(median "${w[@]}")"
}

{
  echo
  echo "## gfn4j vs torchgfn on HyperGrid (TB, MLP 256x2, Adam 1e-3, log Z lr 0.1, no replay buffer, seed 1)"
  echo
  echo "- date: $(date '+%Y-%m-%d %H:%M:%S %Z'); nproc: $(nproc); CPU: ${cpu_model:-unknown}; load average (1, 5, 15 min) before the runs: $load_start, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "- gfn4j: $gfn4j_version, commit $gfn4j_commit; $java_version; OMP_NUM_THREADS ${GFN4J_THREADS:-launcher default}"
  echo "- torchgfn: $torchgfn_version (commit $torchgfn_commit); torch $torch_version; Python $("$TORCHGFN_PYTHON" -c 'import platform; print(platform.python_version())')"
  echo "- medians over $REPEATS repeat(s)$([[ "$QUICK" == 1 ]] && echo ", QUICK mode (iterations / 10)"); steady state = mean over iterations $(( base_iters + 1 ))..I (I-iteration run minus $base_iters-iteration run)"
  echo "- ratio = torchgfn / gfn4j (above 1: gfn4j faster); torchgfn at its better OMP_NUM_THREADS of: $TORCHGFN_THREADS (column thr)"
  echo
  echo "| config (ndim x height, batch, iterations) | gfn4j loop ms/it | torchgfn loop ms/it | ratio | gfn4j steady ms/it | torchgfn steady ms/it | ratio | gfn4j wall s | torchgfn wall s | ratio | thr |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  detail=()
  for c in "${cfgs[@]}"; do
    IFS=: read -r n h b i <<<"$c"
    read -r gm gs gw <<<"$(stats gfn4j "${GFN4J_THREADS:-default}" "$n" "$h" "$b" "$i")"
    best_t="" best_m=""
    for t in $TORCHGFN_THREADS; do
      read -r tm ts tw <<<"$(stats torchgfn "$t" "$n" "$h" "$b" "$i")"
      detail+=("| ${n}x$h, batch $b, $i it | $t | $(fmt "$tm" 2) | $(fmt "$ts" 2) | $(fmt "$tw" 1) |")
      if [[ -z "$best_m" ]] || awk -v a="$tm" -v b="$best_m" 'BEGIN { exit !(a < b) }'; then
        best_t=$t best_m=$tm bm=$tm bs=$ts bw=$tw
      fi
    done
    echo "| ${n}x$h, batch $b, $i it | $(fmt "$gm" 2) | $(fmt "$bm" 2) | $(ratio "$bm" "$gm") | $(fmt "$gs" 2) | $(fmt "$bs" 2) | $(ratio "$bs" "$gs") | $(fmt "$gw" 1) | $(fmt "$bw" 1) | $(ratio "$bw" "$gw") | $best_t |"
  done
  echo
  echo "torchgfn at each thread count (medians):"
  echo
  echo "| config | OMP_NUM_THREADS | loop ms/it | steady ms/it | wall s |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "${detail[@]}"
  echo
  if [[ "$GFNX" == 1 ]]; then
    echo
    echo "gfnx $gfnx_commit (jax, equinox: $gfnx_versions), its compiled loop against gfn4j's loop with its warm-up (medians;"
    echo "ratio = gfnx / gfn4j; gfnx's network is one MLP trunk for PF and PB, gfn4j's two MLPs, as torchgfn's):"
    echo
    echo "| config | gfn4j loop ms/it | gfnx loop ms/it | ratio | gfn4j steady ms/it | gfnx steady ms/it | ratio | gfnx steady / gfn4j loop | gfnx compile s | gfn4j wall s | gfnx wall s | ratio |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for c in "${cfgs[@]}"; do
      IFS=: read -r n h b i <<<"$c"
      read -r gm gs gw <<<"$(stats gfn4j "${GFN4J_THREADS:-default}" "$n" "$h" "$b" "$i")"
      read -r xm xs xw <<<"$(stats gfnx default "$n" "$h" "$b" "$i")"
      xc=$(median $(awk -F, -v n="$n" -v h="$h" -v b="$b" -v i="$i" '$2 == "gfnx" && $4 == n && $5 == h && $6 == b && $7 == i { print $11 }' "$CSV"))
      echo "| ${n}x$h, batch $b, $i it | $(fmt "$gm" 2) | $(fmt "$xm" 2) | $(ratio "$xm" "$gm") | $(fmt "$gs" 2) | $(fmt "$xs" 2) | $(ratio "$xs" "$gs") | $(ratio "$xs" "$gm") | $(fmt "$xc" 1) | $(fmt "$gw" 1) | $(fmt "$xw" 1) | $(ratio "$xw" "$gw") |"
    done
  fi
  echo
  echo "Raw per-run numbers: $CSV"
}
