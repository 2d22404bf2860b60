"""Runs gfnx's own baselines/tb_hypergrid.py (unchanged) and times its compiled training loop.

Usage: python bench/gfnx_timed.py GFNX_DIR [hydra overrides...]

The baseline script trains with one jax.lax.fori_loop over every iteration. This driver replaces that function,
in its own process only, with one that runs the same loop as a jitted program in three timed steps: tracing and
lowering, XLA's compilation, and the run itself (until its result is ready). It prints one line on stderr:

    GFNX_TIMING {"iterations": I, "trace_s": ..., "compile_s": ..., "run_s": ..., "r0": ...}

run_s is what the loop costs once compiled (the rollouts, the loss, its gradients, Adam, the script's own
metric updates and logging callbacks); trace_s + compile_s is what the user waits for first.

GFNX_R0 (environment): the HyperGrid reward's R0. gfnx's config offers an 'easy' reward (R0 1e-3, R1 0.5, R2 2);
with GFNX_R0 set, the script gets gfnx's general HyperGrid reward with that R0 and the same R1, R2 wherever it
asks for the easy one (GFNX_R0=0.1 is torchgfn's and gfn4j's original reward).
"""

import json
import os
import runpy
import sys
import time


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: gfnx_timed.py GFNX_DIR [hydra overrides...]")
    gfnx_dir = sys.argv[1]
    baselines = os.path.join(gfnx_dir, "baselines")
    script = os.path.join(baselines, "tb_hypergrid.py")
    if not os.path.isfile(script):
        sys.exit(f"gfnx_timed.py: no {script}")
    sys.path[:0] = [baselines, os.path.join(gfnx_dir, "src")]

    import jax
    import gfnx

    r0 = os.environ.get("GFNX_R0")
    if r0:
        gfnx.EasyHypergridRewardModule = lambda: gfnx.GeneralHypergridRewardModule(R0=float(r0), R1=0.5, R2=2.0)

    original_loop = jax.lax.fori_loop
    timing = {}

    def timed_loop(lower, upper, body_fun, init_val, **options):  # jax's own parameter names: called by keyword
        program = jax.jit(lambda s: original_loop(lower, upper, body_fun, s, **options))
        start = time.perf_counter()
        lowered = program.lower(init_val)
        traced = time.perf_counter()
        compiled = lowered.compile()
        ready = time.perf_counter()
        result = jax.block_until_ready(compiled(init_val))
        done = time.perf_counter()
        timing.update(iterations=int(upper) - int(lower), trace_s=round(traced - start, 4),
                      compile_s=round(ready - traced, 4), run_s=round(done - ready, 4))
        return result

    jax.lax.fori_loop = timed_loop
    sys.argv = [script] + sys.argv[2:]
    runpy.run_path(script, run_name="__main__")
    if not timing:
        sys.exit("gfnx_timed.py: the script never called jax.lax.fori_loop (a different gfnx version?)")
    timing.update(r0=r0 or "easy", jax=jax.__version__, backend=jax.default_backend())
    print("GFNX_TIMING " + json.dumps(timing), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
