#!/usr/bin/env python
"""Open the course's chapters in JupyterLab in a real (headless) browser and run them as a student would.

For each chapter: copy it to a temporary folder (the notebooks in nbs/ are never opened, so nothing saves over them),
open it in JupyterLab served on 127.0.0.1 with a token, run Run > Run All Cells from the menu, wait for the kernel,
then check what the page shows:

- every code cell ran and none ended in an error;
- the LaTeX is rendered as math (MathJax elements, no raw `$...$` left in rendered markdown, no MathJax errors);
- every figure and animation is displayed (img/video elements of non-zero size, one per image output, and the
  pictures the markdown points at);
- progress bars are widgets (no text tqdm bars, no "IProgress not found");
- nothing is printed to stderr (no warnings).

A screenshot of each chapter (the notebook scrolled top to bottom, stitched) is written to --out.
Two notebooks of its own run too: a probe that shows every module's progress bar (each must be a widget), and a
control with one planted fault of each kind (each must be reported), so a check that stopped seeing fails.

Needs Chromium and its driver from the system's packages (tools/install_chromium.sh). Run it as `make browser-test`.
"""
from __future__ import annotations

import argparse, hashlib, json, os, re, secrets, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NBS = REPO / "nbs"
BIN = Path(sys.executable).parent  # the venv that runs this script also serves JupyterLab and the kernel
DEFAULT_CHAPTERS = ["00_overview", "01_forward", "06_guided_sampling"]

# Without the background-networking flags Chromium keeps calling out, which a closed network refuses.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1400"]

# JupyterLab settings for the temporary settings folder: every cell attached to the page (so offscreen figures
# and math are laid out and measurable), and no news or update checks.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none", "recordTiming": True},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"checkForUpdates": False, "fetchNews": "false", "doNotDisturbMode": True},
}

TEXT_BAR = re.compile(r"\d+%\|.*\|\s*\d+/\d+|\d+(\.\d+)?\s*(it/s|s/it)\]")  # what tqdm prints without widgets
WIDGET_FALLBACK = ("IProgress not found", "HBox(children=", "FloatProgress(", "Error displaying widget",
                   "Loading widget...")
RAW_MATH = re.compile(r"\$[^$]+\$|\\\(|\\\[|\\begin\{")


def raw_math(text: str) -> list[str]:
    "Pieces of LaTeX source left in rendered markdown text (math, code and scripts already removed)."
    return [m.group(0)[:80] for m in RAW_MATH.finditer(text)] + (["$"] if text.count("$") % 2 else [])


def text_bars(text: str) -> bool:
    "True when `text` holds a text progress bar (tqdm's fallback when widgets are missing) or its warning."
    return bool(TEXT_BAR.search(text)) or any(s in text for s in WIDGET_FALLBACK)


def chrome_options(profile_dir: Path, binary: str | None = None):
    "Headless Chromium from the system's packages, with a fresh profile (`profile_dir`) and no background traffic."
    from selenium.webdriver.chrome.options import Options
    opts = Options()
    for flag in CHROMIUM_FLAGS: opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile_dir}")
    opts.binary_location = binary or find_program("chromium", "chromium-browser")
    return opts


def find_program(*names: str) -> str:
    "The first of `names` on PATH; FileNotFoundError naming the install script when none is."
    for n in names:
        p = shutil.which(n)
        if p: return p
    raise FileNotFoundError(f"none of {names} is on PATH: run tools/install_chromium.sh (Debian packages "
                            "chromium and chromium-driver) first.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def sha256(p: Path) -> str: return hashlib.sha256(p.read_bytes()).hexdigest()


PROBE_CELLS = [
    "# The package's own progress bars, as its long loops show them\n"
    "import importlib, pkgutil, time, guided_tutorial\n"
    "mods = [importlib.import_module(f'guided_tutorial.{m.name}') for m in pkgutil.iter_modules(guided_tutorial.__path__)]\n"
    "bars = {m.__name__: m.tqdm for m in mods if hasattr(m, 'tqdm')}\n"
    "print(sorted(bars))",
    "for name, bar in bars.items():\n"
    "    for _ in bar(range(20), desc=name): time.sleep(0.005)",
    "import torch\n"
    "from guided_tutorial.forward import GaussianDiffusion\n"
    "import guided_tutorial.sampling\n"
    "x = GaussianDiffusion(timesteps=50).p_sample_loop(lambda x, t, **kw: torch.zeros_like(x), (1, 1, 4, 4), progress=True)\n"
    "x.shape",
]


def write_probe(folder: Path) -> str:
    return write_notebook(folder / "progress_probe.ipynb", [("code", src) for src in PROBE_CELLS])


# A notebook with one of each fault the check looks for: the run passes only if every one of them is caught.
CONTROL_CELLS = [
    ("markdown", "Math that cannot typeset: $\\frac{a$"),
    ("code", "import sys, warnings\nwarnings.warn('a warning the check must see')"),
    ("code", "from tqdm import tqdm  # the plain text bar, not tqdm.auto\nfor _ in tqdm(range(3)): pass"),
    ("code", "from IPython.display import display\ndisplay({'image/png': 'bm90IGEgcG5n'}, raw=True)  # not a PNG"),
    ("markdown", "An animation the text points at, never written: ![a missing animation](missing.gif)"),
    ("code", "raise ValueError('a cell that ends in an error')"),
    ("code", "'a cell that Run All never reaches'"),
]
CONTROL_EXPECTED = ["did not run", "ended in ValueError", "printed to stderr", "LaTeX", "figures not displayed",
                    "figures in markdown not displayed",
                    "text progress bars"]


def write_notebook(path: Path, cells: list[tuple[str, str]]) -> str:
    nb = {"cells": [{"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": src,
                     **({"execution_count": None, "outputs": []} if kind == "code" else {})}
                    for i, (kind, src) in enumerate(cells)],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1))
    return path.stem


class Lab:
    "JupyterLab on 127.0.0.1:<random port> with a token, serving `root`, with settings and workspaces in `home`."

    def __init__(self, root: Path, home: Path):
        self.root, self.port, self.token = root, free_port(), secrets.token_hex(24)
        env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "TQDM_DISABLE", "PYTHONWARNINGS")}
        env.update(JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
                   JUPYTER_RUNTIME_DIR=str(home / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), IPYTHONDIR=str(home / "ipython"),
                   PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
        for rel, value in LAB_SETTINGS.items():
            f = home / "settings" / rel; f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(value))
        self.log = open(home / "jupyterlab.log", "w")
        cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
               "--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        self.proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_up()

    def url(self, path: str) -> str: return f"http://127.0.0.1:{self.port}/{path}"

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(self.url(path), method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read()
        return json.loads(body) if body else None

    def wait_up(self, timeout: float = 120):
        t0 = time.time()
        while time.time() - t0 < timeout:
            if self.proc.poll() is not None: raise RuntimeError(f"JupyterLab exited ({self.proc.returncode}): see {self.log.name}")
            try: self.api("api/status"); return
            except OSError: time.sleep(0.5)
        raise TimeoutError(f"JupyterLab did not answer on port {self.port} within {timeout} s: see {self.log.name}")

    def kernel_cpu_s(self) -> float:
        "CPU seconds used so far by the running kernels (the server's child processes)."
        try: import psutil  # installed with ipykernel
        except ImportError: return float("nan")
        total = 0.0
        for k in psutil.Process(self.proc.pid).children(recursive=True):
            try: t = k.cpu_times(); total += t.user + t.system + t.children_user + t.children_system
            except psutil.Error: pass
        return total

    def shutdown_kernels(self):
        for s in self.api("api/sessions"): self.api(f"api/sessions/{s['id']}", method="DELETE")

    def stop(self):
        self.proc.terminate()
        try: self.proc.wait(20)
        except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()
        self.log.close()


# JavaScript run in the page. `window.jupyterapp` is there because of --LabApp.expose_app_in_browser.
JS_STATE = """
const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
if (!panel || !panel.content || !panel.sessionContext) return null;
const ctx = panel.sessionContext, cells = panel.content.widgets;
const prompts = cells.filter(c => c.model.type === 'code').map(c => (c.promptNode ? c.promptNode.textContent : ''));
return {ready: ctx.isReady, status: ctx.session && ctx.session.kernel ? ctx.session.kernel.status : 'none',
        ncells: cells.length, prompts: prompts,
        dialog: document.querySelectorAll('.jp-Dialog').length};
"""

JS_CHECK = """
const panel = window.jupyterapp.shell.currentWidget, cells = panel.content.widgets;
const res = {cells: cells.length, code: 0, unrun: [], timing: [], errors: [], stderr: [], text: [], images_in_model: 0,
             widgets_in_model: 0, images: [], widgets: 0, math: 0, math_errors: 0, raw_math: []};
cells.forEach((c, i) => {
  if (c.model.type === 'code') {
    res.code += 1;
    if (c.model.executionCount === null) res.unrun.push(i);
    const ex = c.model.getMetadata('execution');  // recordTiming: when the kernel started and finished the cell
    if (ex && ex['iopub.execute_input'] && ex['shell.execute_reply'])
      res.timing.push([i, (Date.parse(ex['shell.execute_reply']) - Date.parse(ex['iopub.execute_input'])) / 1000]);
    const outs = c.model.outputs;
    for (let k = 0; k < outs.length; k++) {
      const o = outs.get(k).toJSON();
      if (o.output_type === 'error') res.errors.push({cell: i, ename: o.ename, evalue: String(o.evalue).slice(0, 300)});
      if (o.output_type === 'stream') {
        const t = Array.isArray(o.text) ? o.text.join('') : o.text;
        if (o.name === 'stderr') res.stderr.push({cell: i, text: t.slice(0, 300)});
        res.text.push({cell: i, text: t.slice(0, 2000)});
      }
      const data = o.data || {};
      if (Object.keys(data).some(m => m.startsWith('image/'))) res.images_in_model += 1;
      if (data['application/vnd.jupyter.widget-view+json']) res.widgets_in_model += 1;
      if (data['text/plain'] && !data['application/vnd.jupyter.widget-view+json'])
        res.text.push({cell: i, text: String(data['text/plain']).slice(0, 2000)});
    }
  } else if (c.model.type === 'markdown') {
    const md = c.node.querySelector('.jp-RenderedMarkdown');
    if (!md) return;
    res.math += md.querySelectorAll('mjx-container').length;
    res.math_errors += md.querySelectorAll('mjx-merror').length;
    const copy = md.cloneNode(true);
    copy.querySelectorAll('mjx-container, code, pre, script, style').forEach(e => e.remove());
    res.raw_math.push({cell: i, text: copy.textContent});
  }
});
document.querySelectorAll('.jp-OutputArea-output img, .jp-OutputArea-output video, .jp-RenderedSVG svg').forEach(e => {
  const r = e.getBoundingClientRect();
  const tag = e.tagName.toLowerCase();  // the size of the picture itself: 0 for an image that failed to decode
  const nw = tag === 'img' ? e.naturalWidth : tag === 'video' ? e.videoWidth : r.width;
  const nh = tag === 'img' ? e.naturalHeight : tag === 'video' ? e.videoHeight : r.height;
  res.images.push({tag: tag, w: r.width, h: r.height, nw: nw, nh: nh, done: tag !== 'img' || e.complete});
});
res.md_images = Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown img')).map(e => {
  const r = e.getBoundingClientRect();  // a figure or animation the text points at (e.g. a GIF a cell wrote)
  return {src: (e.getAttribute('src') || '').slice(0, 120), alt: (e.alt || '').slice(0, 80), nw: e.naturalWidth, w: r.width};
});
res.widgets = document.querySelectorAll('.jp-OutputArea-output .jupyter-widgets.widget-hprogress, '
                                        + '.jp-OutputArea-output .widget-hprogress').length;
res.dom_error_areas = document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length;
res.dom_text = Array.from(document.querySelectorAll(
  '.jp-OutputArea-output:not(:has(.jupyter-widgets))')).map(e => e.innerText.slice(0, 2000));
return res;
"""

JS_RUNNING = """
const cells = window.jupyterapp.shell.currentWidget.content.widgets;
const code = cells.filter(c => c.model.type === 'code');
const i = cells.findIndex(c => c.model.type === 'code' && c.promptNode && c.promptNode.textContent.includes('*'));
if (i >= 0) cells[i].node.scrollIntoView();
return {cell: i, code: code.length, done: code.filter(c => c.model.executionCount !== null).length,
        head: i >= 0 ? cells[i].model.sharedModel.getSource().split('\\n')[0].slice(0, 100) : ''};
"""

JS_SCROLLER = """
const panel = window.jupyterapp.shell.currentWidget;
const nodes = [panel.content.node, ...panel.content.node.querySelectorAll('*')];
const s = nodes.find(n => n.scrollHeight > n.clientHeight + 2 && ['auto', 'scroll'].includes(getComputedStyle(n).overflowY)) || panel.content.node;
s.setAttribute('data-browser-check', 'scroller');
const r = s.getBoundingClientRect();
return {x: r.left, y: r.top, w: r.width, h: s.clientHeight, total: s.scrollHeight};
"""


def wait_for(fn, timeout: float, what: str, poll: float = 0.5):
    t0 = time.time()
    while time.time() - t0 < timeout:
        v = fn()
        if v: return v
        time.sleep(poll)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def accept_dialogs(driver):
    "Accept a kernel-selection dialog (a notebook without kernel metadata), as a student would."
    from selenium.webdriver.common.by import By
    for b in driver.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-Dialog-button.jp-mod-accept"):
        b.click(); time.sleep(0.5)


def run_all_from_menu(driver):
    "Run > Run All Cells, clicked in the menu bar."
    from selenium.webdriver.common.by import By
    menu = [m for m in driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if m.text.strip() == "Run"]
    if not menu: raise RuntimeError("JupyterLab's menu bar has no 'Run' menu")
    menu[0].click()
    item = wait_for(lambda: [i for i in driver.find_elements(By.CSS_SELECTOR, ".lm-Menu-item .lm-Menu-itemLabel")
                             if i.text.strip() == "Run All Cells"], 10, "the 'Run All Cells' menu item")
    item[0].click()


def screenshot(driver, out: Path) -> list[int]:
    "Scroll the notebook top to bottom and stitch the views into one tall PNG at `out`; returns its size."
    from PIL import Image
    import io
    driver.execute_script("window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight();")
    time.sleep(0.5)
    box = driver.execute_script(JS_SCROLLER)
    dpr = driver.execute_script("return window.devicePixelRatio") or 1
    x, y, w, h, total = (int(round(v * dpr)) for v in (box["x"], box["y"], box["w"], box["h"], box["total"]))
    sheet, seam = Image.new("RGB", (w, total), "white"), int(8 * dpr)
    top = 0
    while True:
        actual = driver.execute_script(
            "const s = document.querySelector('[data-browser-check=scroller]'); s.scrollTop = arguments[0]; return s.scrollTop;",
            top / dpr)
        time.sleep(0.3)
        view = Image.open(io.BytesIO(driver.get_screenshot_as_png())).crop((x, y, x + w, y + h))
        edge = 0 if actual == 0 else seam  # below the first view, drop the top rows (the toolbar's shadow)
        sheet.paste(view.crop((0, edge, w, h)), (0, int(round(actual * dpr)) + edge))
        if actual * dpr + h >= total or top > total: break
        top += h - seam
    sheet.save(out)
    return list(sheet.size)


def check_chapter(driver, lab: Lab, name: str, shots: Path, timeout: float) -> dict:
    t0 = time.time()
    driver.get(lab.url(f"lab/tree/{name}.ipynb?reset&token={lab.token}"))
    state = lambda: driver.execute_script(JS_STATE)

    def ready():
        accept_dialogs(driver)
        s = state()
        return s and s["ready"] and s["status"] == "idle" and s["ncells"] > 0 and s["dialog"] == 0
    wait_for(ready, 120, f"{name} to open with an idle kernel")
    t_open = time.time() - t0
    before = state()["prompts"]
    run_all_from_menu(driver)
    wait_for(lambda: state()["prompts"] != before, 30, "Run All to start")  # cells queued ([*]) or already run

    def finished():
        s = state()
        return s["status"] == "idle" and not any("*" in p for p in s["prompts"])
    try: wait_for(finished, timeout, f"{name} to finish running", poll=1)
    except TimeoutError as e:  # say where it got to, and show that cell in the screenshot
        where = driver.execute_script(JS_RUNNING)
        raise TimeoutError(f"{e}: {where['done']} of {where['code']} code cells ran; still running: cell {where['cell']} "
                           f"({where['head']!r}), {lab.kernel_cpu_s():.0f} kernel CPU seconds") from None
    time.sleep(2)  # let the last outputs, widgets and images render
    wait_for(finished, 60, f"{name} to stay idle", poll=1)
    t_run = time.time() - t0 - t_open
    cpu = lab.kernel_cpu_s()

    # MathJax typesets asynchronously: wait until the math count stops changing
    last = -1
    for _ in range(30):
        r = driver.execute_script(JS_CHECK)
        if r["math"] == last: break
        last = r["math"]; time.sleep(1)
    driver.execute_script("const s=document.querySelector('[data-browser-check=scroller]'); if (s) s.scrollTop=0;")
    size = screenshot(driver, shots / f"{name}.png")
    r = driver.execute_script(JS_CHECK)

    problems = []
    if r["unrun"]: problems.append(f"code cells that did not run: {r['unrun']}")
    for e in r["errors"]: problems.append(f"cell {e['cell']} ended in {e['ename']}: {e['evalue']}")
    for e in r["stderr"]: problems.append(f"cell {e['cell']} printed to stderr: {e['text']!r}")
    if r["dom_error_areas"] and not (r["errors"] or r["stderr"]):
        problems.append(f"{r['dom_error_areas']} stderr/error output areas on the page")
    raw = [(m["cell"], bad) for m in r["raw_math"] for bad in raw_math(m["text"])]
    if raw: problems.append(f"LaTeX left as source in rendered markdown (cell, text): {raw[:5]}")
    if r["math_errors"]: problems.append(f"{r['math_errors']} MathJax errors (LaTeX that does not typeset)")
    bad_imgs = [i for i in r["images"] if not (i["w"] > 0 and i["h"] > 0 and i["nw"] > 0 and i["nh"] > 0 and i["done"])]
    if bad_imgs: problems.append(f"{len(bad_imgs)} figures not displayed (zero size): {bad_imgs[:3]}")
    bad_md = [(i["src"], i["alt"]) for i in r["md_images"] if not (i["nw"] > 0 and i["w"] > 0)]
    if bad_md: problems.append(f"{len(bad_md)} figures in markdown not displayed (src, alt): {bad_md[:3]}")
    if len(r["images"]) < r["images_in_model"]:
        problems.append(f"{r['images_in_model']} image outputs but {len(r['images'])} images on the page")
    bars = [t["cell"] for t in r["text"] if text_bars(t["text"])] + [i for i, t in enumerate(r["dom_text"]) if text_bars(t)]
    if bars: problems.append(f"text progress bars or widget fallbacks instead of widgets (cells, output areas): {sorted(set(bars))[:10]}")
    if name == "progress_probe":  # one bar per package module that has tqdm (those that close themselves vanish)
        listed = next((t["text"] for t in r["text"] if t["text"].startswith("[")), "[]")
        expected = len(re.findall(r"'guided_tutorial\.\w+'", listed))
        if expected == 0: problems.append("the probe found no module of the package with progress bars")
        if r["widgets"] < expected:
            problems.append(f"{expected} modules with progress bars but {r['widgets']} progress widgets on the page")
    return {"chapter": name, "ok": not problems, "problems": problems, "open_s": round(t_open, 1),
            "run_s": round(t_run, 1), "kernel_cpu_s": round(cpu, 1), "total_s": round(time.time() - t0, 1), "cells": r["cells"], "code_cells": r["code"],
            "math_elements": r["math"], "images": len(r["images"]), "image_outputs": r["images_in_model"], "markdown_images": len(r["md_images"]),
            "progress_widgets": r["widgets"], "widget_outputs": r["widgets_in_model"],
            "screenshot": str((shots / f"{name}.png").relative_to(REPO) if (shots / f"{name}.png").is_relative_to(REPO) else shots / f"{name}.png"),
            "screenshot_px": size, "slowest_cells_s": sorted(r["timing"], key=lambda t: -t[1])[:3]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("chapters", nargs="*", default=DEFAULT_CHAPTERS, help="notebook names in nbs/, without .ipynb")
    ap.add_argument("--nbs", default=str(NBS), help="folder the chapters are copied from (default: the course's nbs/)")
    ap.add_argument("--out", default=str(REPO / "data" / "screenshots"), help="folder for screenshots and report.json")
    ap.add_argument("--timeout", type=float, default=600, help="seconds one chapter may take to run")
    ap.add_argument("--no-probe", action="store_true", help="skip the progress-bar probe and the planted-fault control")
    args = ap.parse_args(argv)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must use the system's chromedriver, never fetch one

    src = Path(args.nbs).resolve()
    chapters = []
    for c in args.chapters:
        c = c.removesuffix(".ipynb")
        if not (src / f"{c}.ipynb").exists(): raise FileNotFoundError(f"{src / c}.ipynb not found: name a chapter in {src}")
        chapters.append(c)
    before = {c: sha256(src / f"{c}.ipynb") for c in chapters}
    shots = Path(args.out).resolve(); shots.mkdir(parents=True, exist_ok=True)

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    t_start = time.time()
    results, home = [], Path(tempfile.mkdtemp(prefix="browser-check-"))
    try:
        root = home / "nbs"; root.mkdir()
        for c in chapters: shutil.copy2(src / f"{c}.ipynb", root / f"{c}.ipynb")
        names = chapters + ([] if args.no_probe else [write_probe(root), write_notebook(root / "fault_control.ipynb", CONTROL_CELLS)])
        for n in names:  # no stale pictures from an earlier run
            for old in (shots / f"{n}.png", shots / f"{n}-failed.png"): old.unlink(missing_ok=True)
        lab = Lab(root, home)
        driver = None
        try:
            service = Service(executable_path=find_program("chromedriver"), log_output=str(home / "chromedriver.log"))
            driver = webdriver.Chrome(service=service, options=chrome_options(home / "chromium-profile"))
            driver.set_script_timeout(60)
            for name in names:
                print(f"{name}: opening in JupyterLab, Run > Run All Cells ...", flush=True)
                try: r = check_chapter(driver, lab, name, shots, args.timeout)
                except Exception as e:  # a chapter that cannot be run is a failure of that chapter, not of the rest
                    r = {"chapter": name, "ok": False, "problems": [f"{type(e).__name__}: {e}"]}
                    try: driver.save_screenshot(str(shots / f"{name}-failed.png"))
                    except Exception: pass
                if name == "fault_control":  # passes when every planted fault was reported
                    missed = [e for e in CONTROL_EXPECTED if not any(e in p for p in r["problems"])]
                    r = {**r, "ok": not missed, "planted_faults_caught": len(CONTROL_EXPECTED) - len(missed),
                         "problems": [f"the check missed a planted fault: {m}" for m in missed]
                                     + ([f"(what it reported: {r['problems']})"] if missed else [])}
                results.append(r)
                status = "ok" if r["ok"] else "FAILED"
                print(f"  {status}: " + ", ".join(f"{k}={r[k]}" for k in ("run_s", "kernel_cpu_s", "code_cells", "math_elements", "images",
                      "progress_widgets", "planted_faults_caught", "slowest_cells_s") if k in r), flush=True)
                for p in r["problems"]: print(f"  - {p}", flush=True)
                lab.shutdown_kernels()
        finally:
            if driver is not None: driver.quit()
            lab.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    changed = [c for c in chapters if sha256(src / f"{c}.ipynb") != before[c]]
    if changed:  # JupyterLab only ever saw the copies, so this means something else edited them meanwhile
        results.append({"chapter": "nbs/", "ok": False, "problems": [f"notebooks in nbs/ changed during the run: {changed}"]})
    total = round(time.time() - t_start, 1)
    (shots / "report.json").write_text(json.dumps({"total_s": total, "results": results}, indent=1))
    failed = [r["chapter"] for r in results if not r["ok"]]
    print(f"browser check: {len(results) - len(failed)} passed, {len(failed)} failed in {total} s; screenshots in {shots}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
