"""Run every notebook's tests, each in a fresh process, two at a time (one per core), and print one summary line.

A fresh process per notebook is how a reader meets a chapter: nothing leaks from the notebook before it (nbdev's
`@patch` cells rebind methods of shared classes, so a pooled worker would mix one chapter's definitions into the next).
"""
import argparse, os, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBDEV_TEST = Path(sys.executable).parent / "nbdev_test"

def notebooks(nbs: Path) -> list[Path]:
    "What nbdev_test would run: every notebook under nbs/, skipping names and folders that start with _ or ."
    return sorted(p for p in nbs.rglob("*.ipynb")
                  if not any(part.startswith(("_", ".")) for part in p.relative_to(nbs).parts))

def run(nb: Path, flags: str) -> tuple[Path, int, float, str]:
    start = time.perf_counter()
    cmd = [str(NBDEV_TEST), "--path", str(nb), "--do_print"] + (["--flags", flags] if flags else [])
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}   # one thread per notebook: two notebooks share two cores
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return nb, p.returncode, time.perf_counter() - start, p.stdout + p.stderr

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", help="notebooks to test (default: all under nbs/)")
    ap.add_argument("--workers", type=int, default=2, help="notebooks at once")
    ap.add_argument("--flags", default="", help="nbdev test flags to run, e.g. 'slow' (default: none: heavy cells skipped)")
    a = ap.parse_args()
    nbs = [Path(p).resolve() for p in a.paths] or notebooks(ROOT / "nbs")
    start, failed = time.perf_counter(), []
    with ThreadPoolExecutor(a.workers) as pool:
        for nb, rc, secs, out in pool.map(lambda nb: run(nb, a.flags), nbs):
            name = nb.relative_to(ROOT)
            print(f"{'ok  ' if rc == 0 else 'FAIL'} {secs:6.1f} s  {name}", flush=True)
            if rc != 0: failed.append(name); print(out, flush=True)
    print(f"notebooks: {len(nbs) - len(failed)} passed, {len(failed)} failed, in {time.perf_counter() - start:.0f} s")
    for name in failed: print(f"  failed: {name}")
    return 1 if failed else 0

if __name__ == "__main__": sys.exit(main())
