"""briefgen's benchmarks: per-pack rendering against the floor and the other routes, start-up,
scaling and the reference workspace's builds, in one run on one machine.

    python benchmarks/run.py [--quick] [--out results.json]

Every figure is the median of several repeats; nothing here asserts a timing.  ``--quick``
(CI) uses fewer packs and repeats and skips the 1,000-pack build; it finishes in under a
minute.  pandoc and LibreOffice are measured where installed and skipped with a note where
not; psutil (per-worker memory) and pypdf (page counts) are used where installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402
import region  # noqa: E402
import synth  # noqa: E402
import typst_route  # noqa: E402

#: the targets of issues 8 and 17: (what, limit, unit)
TARGETS: dict[str, tuple[float, str]] = {
    "briefgen tree": (20, "ms/pack"),
    "pdf vs typst, fresh packs": (1.0, "x"),
    "briefgen docx": (30, "ms/pack"),
    "briefgen pdf": (70, "ms/pack"),
    "briefgen both": (100, "ms/pack"),
    "briefgen --version": (300, "ms"),
    "build 1000 packs": (60, "s"),
    "ms/pack at 1000 vs 100": (1.1, "x"),
    "peak RSS per worker": (150, "MB"),
    "reference build": (2, "s"),
    "reference unchanged rebuild": (0.5, "s"),
    "region 2000: Word vs PDF": (2.0, "x"),
    "html vs pdf, one pack": (1.0, "x"),
}

#: the issue's measurements of the other routes (ms per pack), for reference only
ISSUE_BASELINES: dict[str, float] = {
    "pandoc md->docx": 77,
    "python-docx direct": 57,
    "python-docx, style ids once": 36,
    "docxtpl": 24,
    "reportlab multiBuild": 138,
    "reportlab one pass": 76,
    "LibreOffice docx->pdf": 169,
    "WeasyPrint": 494,
    "pandoc pdflatex": 867,
}


@dataclass
class Settings:
    quick: bool
    packs: int  # packs in the per-pack sample
    repeats: int
    startup_repeats: int
    scales: tuple[int, ...]
    scale_formats: tuple[str, ...]  # formats of the scaling builds
    lo_files: int
    region_sizes: tuple[int, ...] = region.SIZES  # partners in each region pack


@dataclass
class Results:
    """Everything measured; written as JSON."""

    meta: dict[str, Any] = field(default_factory=dict)
    dimensions: list[dict[str, Any]] = field(default_factory=list)
    per_pack: dict[str, dict[str, Any]] = field(default_factory=dict)
    fresh: dict[str, Any] = field(default_factory=dict)
    startup: dict[str, dict[str, Any]] = field(default_factory=dict)
    scaling: list[dict[str, Any]] = field(default_factory=list)
    reference: dict[str, dict[str, Any]] = field(default_factory=dict)
    region: list[dict[str, Any]] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_ms(run: Callable[[], object], repeats: int, per: int = 1) -> dict[str, Any]:
    """Time ``run`` ``repeats`` times; milliseconds per item (``per`` items a run)."""
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        runs.append((time.perf_counter() - started) * 1000 / per)
    return {"ms": round(statistics.median(runs), 2), "runs": [round(r, 2) for r in runs]}


# ---------------------------------------------------------------- per pack


def per_pack(ws: Any, ids: Sequence[str], s: Settings, res: Results, work: Path) -> None:
    """briefgen's writers, the floor, pandoc and LibreOffice on the same sample of packs."""
    from briefgen.data.config import make_theme

    packs = [ws.pack(i) for i in ids]
    docs = [p.document for p in packs]
    tagged = make_theme(ws.config, ws.root)
    untagged = make_theme(ws.config, ws.root, tagged_pdf=False)
    n = len(packs)

    def each(fn: Callable[[Any], object], items: Sequence[Any]) -> Callable[[], None]:
        def run() -> None:
            for item in items:
                fn(item)

        return run

    def tree(pid: str) -> object:
        return ws.pack(pid).document  # a fresh Pack: template, Markdown, images

    from briefgen.data.edition import Edition

    same = Edition("itself", "itself", ws)  # the comparison's whole cost; nothing changed

    def tree_since(pid: str) -> object:
        return ws.pack(pid, since=same).document  # the pack, its base pack, the diff

    def both(p: Any) -> None:
        p.render("docx", tagged)
        p.render("pdf", tagged)

    cases: list[tuple[str, Callable[[Any], object], Sequence[Any], str]] = [
        ("briefgen tree", tree, ids, "template + Markdown + images, per pack"),
        ("briefgen tree --since", tree_since, ids, "the tree against an edition (the diff)"),
        ("briefgen docx", lambda p: p.render("docx", tagged), packs, "tree to .docx bytes"),
        ("briefgen pdf", lambda p: p.render("pdf", tagged), packs, "tagged PDF/UA (default)"),
        ("briefgen pdf untagged", lambda p: p.render("pdf", untagged), packs, "tagged_pdf=False"),
        ("briefgen html", lambda p: p.render("html", tagged), packs, "tree to one HTML page"),
        ("briefgen both", both, packs, "docx + tagged pdf from one tree"),
        ("python-docx direct", lambda d: floor.docx_direct(d, False), docs, "style by name"),
        ("python-docx, style ids once", floor.docx_direct, docs, "the docx floor"),
        ("reportlab one pass", floor.pdf_direct, docs, "contents left empty: the pdf floor"),
        ("reportlab multiBuild", lambda d: floor.pdf_direct(d, True), docs, "contents filled"),
    ]
    for name, fn, items, note in cases:
        fn(items[0])  # warm up: imports, fonts, template compilation
        res.per_pack[name] = {**median_ms(each(fn, items), s.repeats, n), "note": note}
        log(f"  {name}: {res.per_pack[name]['ms']:.1f} ms/pack")
    pp = res.per_pack
    pp["briefgen end to end"] = {
        "ms": round(pp["briefgen tree"]["ms"] + pp["briefgen both"]["ms"], 2),
        "note": "tree + both formats (sum of the medians)",
    }
    pp["floor both"] = {
        "ms": round(pp["python-docx, style ids once"]["ms"] + pp["reportlab one pass"]["ms"], 2),
        "note": "python-docx ids once + reportlab one pass (sum)",
    }
    pandoc(packs, s, res, work)
    libreoffice(packs, s, res, work)
    if "pandoc md->docx" in pp and "LibreOffice docx->pdf" in pp:
        pp["pandoc + LibreOffice"] = {
            "ms": round(pp["pandoc md->docx"]["ms"] + pp["LibreOffice docx->pdf"]["ms"], 2),
            "note": "both formats the command-line way (sum)",
        }


def pandoc(packs: Sequence[Any], s: Settings, res: Results, work: Path) -> None:
    """pandoc, Markdown to .docx, one process per pack (the pack's own Markdown)."""
    exe = shutil.which("pandoc")
    if exe is None:
        res.skipped["pandoc md->docx"] = "pandoc is not installed"
        return
    folder = work / "pandoc"
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for p in packs:
        text = p.markdown
        md = folder / f"{p.id}.md"
        md.write_text(text, encoding="utf-8")
        sources.append(md)
    resource_path = f"--resource-path={folder}{os.pathsep}{packs[0].workspace.root}"

    def run() -> None:
        for md in sources:
            subprocess.run(
                [
                    exe,
                    "-f",
                    "markdown",
                    "-t",
                    "docx",
                    resource_path,
                    "-o",
                    str(md.with_suffix(".docx")),
                    str(md),
                ],
                check=True,
                capture_output=True,
            )

    run()
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    res.per_pack["pandoc md->docx"] = {
        **median_ms(run, s.repeats, len(sources)),
        "note": f"{version.splitlines()[0]}, one process per pack",
    }
    log(f"  pandoc md->docx: {res.per_pack['pandoc md->docx']['ms']:.1f} ms/pack")


def libreoffice(packs: Sequence[Any], s: Settings, res: Results, work: Path) -> None:
    """LibreOffice converting briefgen's .docx files to PDF, all in one call."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        res.skipped["LibreOffice docx->pdf"] = "LibreOffice (soffice) is not installed"
        return
    folder = work / "lo"
    (folder / "pdf").mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(s.lo_files):
        p = packs[i % len(packs)]
        path = folder / f"{p.id}-{i}.docx"
        path.write_bytes(p.render("docx").data)
        files.append(path)
    profile = (work / "lo-profile").as_uri()
    base = [
        exe,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile}",
        "--infilter=MS Word 2007 XML",
        "--convert-to",
        "pdf",
        "--outdir",
    ]
    try:  # the first call makes the profile: not timed
        subprocess.run([*base, str(work / "lo"), str(files[0])], capture_output=True, timeout=180)
        started = time.perf_counter()
        subprocess.run(
            [*base, str(folder / "pdf"), *map(str, files)], capture_output=True, timeout=600
        )
        seconds = time.perf_counter() - started
    except (OSError, subprocess.TimeoutExpired) as exc:
        res.skipped["LibreOffice docx->pdf"] = f"LibreOffice failed: {exc}"
        return
    made = [f for f in files if (folder / "pdf" / f.with_suffix(".pdf").name).is_file()]
    if len(made) != len(files):  # soffice exits 0 when it cannot load a file
        res.skipped["LibreOffice docx->pdf"] = f"converted {len(made)} of {len(files)} files"
        return
    res.per_pack["LibreOffice docx->pdf"] = {
        "ms": round(seconds * 1000 / len(files), 2),
        "note": f"{len(files)} files in one call (one run, start-up included), own profile",
    }
    log(f"  LibreOffice docx->pdf: {res.per_pack['LibreOffice docx->pdf']['ms']:.1f} ms/pack")


# ---------------------------------------------------------------- fresh packs: briefgen vs Typst


def fresh_packs(s: Settings, res: Results, work: Path) -> None:
    """Pack -> tagged PDF/UA-1 on packs neither route has rendered before, tree included on
    both sides: briefgen's PDF writer against Typst compiling equivalent markup.

    Typst memoizes layouts process-wide, so every repeat takes packs new to both routes;
    the routes alternate pack by pack, which pairs them under the same machine load.
    """
    try:
        route_version = typst_route.version()
    except Exception:  # noqa: BLE001 - not installed: say so
        res.skipped["typst"] = "typst is not installed (pip install -e '.[bench]')"
        return
    import briefgen
    from briefgen.theme import resource_path

    warm = 2
    total = warm + s.packs * s.repeats
    root = synth.generate(work / "ws-fresh", total, seed=17)
    ws = briefgen.load_workspace(root)
    ids = list(ws.partners)
    typst = typst_route.TypstRoute(work / "typst", resource_path("fonts"))

    def briefgen_pdf(pid: str) -> bytes:
        return bytes(ws.pack(pid).render("pdf").data)  # a fresh Pack: tree, then the PDF

    def typst_pdf(pid: str) -> bytes:
        return typst.render(ws.pack(pid).document)  # a fresh Pack: tree, then Typst

    def tree(pid: str) -> object:
        return ws.pack(pid).document

    routes: dict[str, Callable[[str], object]] = {
        "briefgen tree": tree,
        "briefgen pdf": briefgen_pdf,
        "typst pdf": typst_pdf,
    }
    for pid in ids[:warm]:  # imports, fonts, compiled templates; checked once with page
        first = {name: fn(pid) for name, fn in routes.items()}
    checks = _ua1(first["briefgen pdf"], first["typst pdf"], work)
    runs: dict[str, list[float]] = {name: [] for name in routes}
    for r in range(s.repeats):
        batch = ids[warm + r * s.packs : warm + (r + 1) * s.packs]
        spent = dict.fromkeys(routes, 0.0)
        for k, pid in enumerate(batch):
            order = list(routes) if (r + k) % 2 == 0 else list(reversed(routes))
            for name in order:
                started = time.perf_counter()
                routes[name](pid)
                spent[name] += time.perf_counter() - started
        for name in routes:
            runs[name].append(round(spent[name] * 1000 / len(batch), 2))
    for name, values in runs.items():
        res.fresh[name] = {
            "ms": round(statistics.median(values), 2),
            "min_ms": min(values),
            "runs": values,
        }
    bg, ty = runs["briefgen pdf"], runs["typst pdf"]
    ratios = [round(a / b, 3) for a, b in zip(bg, ty, strict=True)]
    res.fresh["ratio"] = {
        "median": round(statistics.median(ratios), 3),
        "of_minimums": round(min(bg) / min(ty), 3),
        "runs": ratios,
    }
    res.fresh["note"] = (
        f"{s.packs} fresh synthetic packs x {s.repeats} repeats, routes alternating; "
        f"{route_version}, pdf_standards='ua-1'; page ua1: {checks}"
    )
    log(f"  fresh packs: {res.fresh}")


def _ua1(briefgen_pdf: bytes, typst_pdf: bytes, work: Path) -> str:
    """page-validation's ua1 verdict on one PDF of each route (where installed)."""
    try:
        import page
    except ImportError:
        return "not checked (page-validation not installed)"
    verdicts = []
    for name, data in (("briefgen", briefgen_pdf), ("typst", typst_pdf)):
        path = work / f"ua1-{name}.pdf"
        path.write_bytes(data)
        report = page.validate_pdf(path, profile="ua1")
        verdicts.append(f"{name} {'passes' if report.is_compliant else 'FAILS'}")
    return ", ".join(verdicts)


# ---------------------------------------------------------------- start-up


def briefgen_command() -> list[str]:
    """The installed ``briefgen`` script beside this interpreter (not a pyenv shim)."""
    script = Path(sys.executable).with_name("briefgen")
    if script.is_file():
        return [str(script)]
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


def startup(s: Settings, res: Results) -> None:
    """Whole processes: the interpreter, ``briefgen --version`` and the writers' imports."""
    py = sys.executable
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "briefgen --version": [*briefgen_command(), "--version"],
        "import docx": [py, "-c", "import docx"],
        "import reportlab.platypus": [py, "-c", "import reportlab.platypus"],
        "import both": [py, "-c", "import docx, reportlab.platypus"],
    }
    on_path = shutil.which("briefgen")
    if on_path and Path(on_path).resolve() != Path(commands["briefgen --version"][0]).resolve():
        commands["briefgen --version (PATH)"] = [on_path, "--version"]
    for name, cmd in commands.items():
        subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache

        def run(cmd: list[str] = cmd) -> None:
            subprocess.run(cmd, capture_output=True, check=True)

        res.startup[name] = {**median_ms(run, s.startup_repeats), "command": " ".join(cmd)}
        log(f"  {name}: {res.startup[name]['ms']:.0f} ms")


# ---------------------------------------------------------------- builds


_WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime  # every process of the build: less sensitive to load
print(json.dumps({"wall": wall, "code": code, "maxrss_kb": usage.ru_maxrss, "cpu": cpu}))
"""


@dataclass
class _Peak:
    """One process's peak memory while sampled (bytes)."""

    ppid: int
    rss: int = 0
    pss: int = 0  # proportional set size: shared pages split between the processes sharing them


def _sample_tree(root_pid: int, stop: threading.Event, peaks: dict[int, _Peak]) -> None:
    """Record each descendant's peak RSS and PSS, every 50 ms (psutil)."""
    import psutil

    try:
        root = psutil.Process(root_pid)
    except psutil.Error:
        return
    while not stop.is_set():
        try:
            procs = root.children(recursive=True)
        except psutil.Error:
            break
        for proc in procs:
            try:
                peak = peaks.get(proc.pid) or peaks.setdefault(proc.pid, _Peak(proc.ppid()))
                info = proc.memory_full_info()
            except psutil.Error:
                continue
            peak.rss = max(peak.rss, info.rss)
            peak.pss = max(peak.pss, getattr(info, "pss", 0))
        stop.wait(0.05)


def timed_build(args: Sequence[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run a briefgen command; wall time, exit code and peak memory (main and workers)."""
    cmd = [sys.executable, "-c", _WRAPPER, *briefgen_command(), *args]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, text=True)
    peaks: dict[int, _Peak] = {}
    stop = threading.Event()
    sampler = None
    try:
        import psutil  # noqa: F401

        sampler = threading.Thread(target=_sample_tree, args=(proc.pid, stop, peaks))
        sampler.start()
    except ImportError:
        pass
    out, _ = proc.communicate()
    stop.set()
    if sampler is not None:
        sampler.join()
    result = json.loads(out.strip().splitlines()[-1])
    figures: dict[str, Any] = {
        "wall_s": round(result["wall"], 3),
        "exit_code": result["code"],
        "maxrss_mb": round(result["maxrss_kb"] / 1024, 1),  # the largest process of the tree
        "cpu_s": round(result.get("cpu", 0.0), 2),
    }
    if peaks:
        main = [pid for pid, peak in peaks.items() if peak.ppid == proc.pid]
        workers = [peak for peak in peaks.values() if peak.ppid in main]

        def mb(n: int) -> float:
            return round(n / 2**20, 1)

        figures["main_rss_mb"] = mb(max(peaks[p].rss for p in main)) if main else None
        figures["worker_rss_mb"] = sorted(mb(w.rss) for w in workers)
        figures["worker_pss_mb"] = sorted(mb(w.pss) for w in workers)
    return figures


def scaling(s: Settings, res: Results, work: Path) -> None:
    """``briefgen build --jobs 2`` of synthetic workspaces of growing size."""
    formats = [arg for fmt in s.scale_formats for arg in ("--format", fmt)]
    for n in s.scales:
        root = synth.generate(work / f"ws-{n}", n)
        out = work / f"out-{n}"
        figures = timed_build(
            [
                "build",
                "--workspace",
                str(root),
                "--out",
                str(out),
                "--jobs",
                "2",
                "--force",
                *formats,
            ]
        )
        built = len(list(out.glob("*.pdf"))) + len(list(out.glob("*.docx")))
        entry = {"packs": n, "formats": "+".join(s.scale_formats), "files": built, **figures}
        entry["ms_per_pack"] = round(figures["wall_s"] * 1000 / n, 1)
        entry["cpu_ms_per_pack"] = round(figures["cpu_s"] * 1000 / n, 1)
        res.scaling.append(entry)
        log(f"  {n} packs: {entry}")
        shutil.rmtree(out, ignore_errors=True)
        if n >= 1000:
            shutil.rmtree(root, ignore_errors=True)


def reference(s: Settings, res: Results, work: Path) -> None:
    """The reference workspace (the repository root), both formats, ``--jobs 2``."""
    out = work / "reference"
    args = ["build", "--workspace", str(REPO), "--out", str(out), "--jobs", "2"]
    res.reference["build"] = timed_build([*args, "--force"])
    res.reference["unchanged rebuild"] = timed_build(args)
    if (REPO / ".git").exists() and shutil.which("git"):
        since = ["build", "--workspace", str(REPO), "--out", str(work / "reference-since")]
        res.reference["build --since HEAD"] = timed_build(
            [*since, "--jobs", "2", "--since", "HEAD"]
        )
    for name, figures in res.reference.items():
        log(f"  reference {name}: {figures}")


# ---------------------------------------------------------------- report


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def compare(res: Results) -> list[tuple[str, float, str, str]]:
    """Rows of (measure, ms/pack, target, ratios to the baselines)."""
    pp = res.per_pack
    against = {
        "briefgen docx": ["python-docx direct", "python-docx, style ids once", "pandoc md->docx"],
        "briefgen pdf": ["reportlab one pass", "reportlab multiBuild", "LibreOffice docx->pdf"],
        "briefgen pdf untagged": ["reportlab one pass", "reportlab multiBuild"],
        "briefgen both": ["floor both", "pandoc + LibreOffice"],
        "briefgen end to end": ["floor both", "pandoc + LibreOffice"],
        "briefgen tree --since": ["briefgen tree"],
    }
    rows = []
    for name, figures in pp.items():
        target = TARGETS.get(name)
        bases = [b for b in against.get(name, []) if b in pp]
        text = ", ".join(f"{ratio(figures['ms'], pp[b]['ms'])} of {b}" for b in bases)
        rows.append((name, figures["ms"], f"<= {target[0]:g}" if target else "", text))
    return rows


FLOOR_ROUTES = (
    "python-docx direct",
    "python-docx, style ids once",
    "reportlab one pass",
    "reportlab multiBuild",
)


def machine_factor(res: Results) -> float | None:
    """How much slower this machine ran the floor than the issue's machine did (geometric
    mean over the four floor routes): the per-pack targets scale by it."""
    ratios = [res.per_pack[r]["ms"] / ISSUE_BASELINES[r] for r in FLOOR_ROUTES if r in res.per_pack]
    return round(statistics.geometric_mean(ratios), 2) if ratios else None


def scaled_note(name: str, value: float | None, factor: float | None) -> str:
    """The target scaled by the machine factor, and whether ``value`` meets it."""
    if factor is None or value is None:
        return ""
    limit, unit = TARGETS[name]
    verdict = "met" if value <= limit * factor else "NOT met"
    return f"scaled to this machine: <= {limit * factor:.3g} {unit.split('/')[0]}, {verdict}"


def judge(res: Results) -> None:
    """Each target: the figure and whether it is met (reported, never asserted)."""

    def add(name: str, value: float | None, note: str = "") -> None:
        limit, unit = TARGETS[name]
        met = None if value is None else value <= limit
        res.targets.append(
            {"target": name, "limit": limit, "unit": unit, "value": value, "met": met, "note": note}
        )

    factor = machine_factor(res)
    res.meta["machine_factor"] = factor
    tree_ms = res.fresh.get("briefgen tree", {}).get("ms") or res.per_pack.get(
        "briefgen tree", {}
    ).get("ms")
    add("briefgen tree", tree_ms, "fresh packs" if res.fresh else "")
    ratio_typst = res.fresh.get("ratio", {})
    add(
        "pdf vs typst, fresh packs",
        ratio_typst.get("median"),
        f"median of the repeats' ratios; {ratio_typst['of_minimums']}x of the minimums"
        if ratio_typst
        else "",
    )
    for name in ("briefgen docx", "briefgen pdf", "briefgen both"):
        value = res.per_pack.get(name, {}).get("ms")
        add(name, value, scaled_note(name, value, factor))
    html_ms = res.per_pack.get("briefgen html", {}).get("ms")
    pdf_ms = res.per_pack.get("briefgen pdf", {}).get("ms")
    add(
        "html vs pdf, one pack",
        round(html_ms / pdf_ms, 3) if html_ms and pdf_ms else None,
        f"same packs, same run: html {html_ms} ms, pdf {pdf_ms} ms a pack" if html_ms else "",
    )
    add("briefgen --version", res.startup.get("briefgen --version", {}).get("ms"))
    big = [e for e in res.scaling if e["packs"] >= 1000 and e["formats"] == "docx+pdf"]
    add(
        "build 1000 packs",
        big[0]["wall_s"] if big else None,
        scaled_note("build 1000 packs", big[0]["wall_s"], factor) if big else "(--quick)",
    )
    both = {e["packs"]: e for e in res.scaling if e["formats"] == "docx+pdf"}
    if 100 in both and 1000 in both:
        growth = round(both[1000]["ms_per_pack"] / both[100]["ms_per_pack"], 3)
        note = "wall time, both formats, --jobs 2"
        if both[100].get("cpu_ms_per_pack"):
            cpu = both[1000]["cpu_ms_per_pack"] / both[100]["cpu_ms_per_pack"]
            note += f"; CPU time: {cpu:.3f}x"
        add("ms/pack at 1000 vs 100", growth, note)
    else:
        add("ms/pack at 1000 vs 100", None, "(--quick)")
    workers = [max(e.get("worker_rss_mb") or [e["maxrss_mb"]]) for e in res.scaling]
    flat = ""
    if len(res.scaling) >= 2:
        flat = "per size: " + ", ".join(
            f"{e['packs']}: {w} MB" for e, w in zip(res.scaling, workers, strict=True)
        )
    add("peak RSS per worker", max(workers) if workers else None, flat)
    ref = res.reference.get("build", {}).get("wall_s")
    add("reference build", ref, scaled_note("reference build", ref, factor))
    add("reference unchanged rebuild", res.reference.get("unchanged rebuild", {}).get("wall_s"))
    largest = res.region[-1] if res.region else None
    add(
        "region 2000: Word vs PDF",
        largest["docx_vs_pdf"] if largest and largest["partners"] >= 2000 else None,
        f"CPU time; at {largest['partners']:,} partners: {largest['docx_vs_pdf']}x"
        if largest
        else "",
    )


def report(res: Results) -> str:
    lines = [
        f"briefgen benchmarks ({'quick' if res.meta['quick'] else 'full'}), "
        f"{res.meta['packs_sampled']} packs x {res.meta['repeats']} repeats, medians",
        "",
        f"{'per pack':<30} {'ms':>8} {'target':>8}  ratios",
    ]
    for name, ms, target, text in compare(res):
        lines.append(f"{name:<30} {ms:>8.1f} {target:>8}  {text}")
    if res.fresh:
        lines += ["", f"{'fresh packs, tree included':<30} {'ms':>8} {'min':>8}"]
        for name in ("briefgen tree", "briefgen pdf", "typst pdf"):
            figures = res.fresh.get(name)
            if figures:
                lines.append(f"{name:<30} {figures['ms']:>8.1f} {figures['min_ms']:>8.1f}")
        r = res.fresh["ratio"]
        lines.append(
            f"{'briefgen pdf / typst pdf':<30} {r['median']:>7.2f}x {r['of_minimums']:>7.2f}x"
            f"  ({res.fresh['note']})"
        )
    lines += ["", f"{'start-up (whole process)':<30} {'ms':>8}"]
    for name, figures in res.startup.items():
        lines.append(f"{name:<30} {figures['ms']:>8.0f}")
    formats = "+".join(res.meta["settings"]["scale_formats"])
    lines += [
        "",
        f"{'build --jobs 2, ' + formats:<34} {'wall s':>7} {'ms/pack':>8} {'cpu ms':>7}"
        f" {'maxrss':>7} {'main':>6}  workers' peak RSS / PSS (MB)",
    ]
    rows = [(f"{e['packs']} synthetic packs", e) for e in res.scaling]
    rows += [(f"reference {name} (both)", e) for name, e in res.reference.items()]
    for label, e in rows:
        per = f"{e['ms_per_pack']:.1f}" if "ms_per_pack" in e else ""
        cpu = f"{e['cpu_ms_per_pack']:.1f}" if "cpu_ms_per_pack" in e else ""
        workers = (
            f"{e['worker_rss_mb']} / {e.get('worker_pss_mb', '-')}"
            if "worker_rss_mb" in e
            else "no psutil"
        )
        lines.append(
            f"{label:<34} {e['wall_s']:>7.2f} {per:>8} {cpu:>7} {e['maxrss_mb']:>7.1f}"
            f" {e.get('main_rss_mb') or '':>6}  {workers}"
        )
    if res.region:
        lines += ["", "one region pack, CPU s (benchmarks/region.py)", region.table(res.region)]
    lines += [
        "",
        f"targets (issues 8, 17 and 23); this machine ran the floor {res.meta['machine_factor']}x "
        "slower than the issue's",
    ]
    for tg in res.targets:
        state = {True: "met", False: "NOT met", None: "not measured"}[tg["met"]]
        value = "-" if tg["value"] is None else f"{tg['value']:g}"
        lines.append(
            f"  {tg['target']:<28} {value:>8} {tg['unit']:<8} <= {tg['limit']:g}"
            f"  {state} {tg['note']}"
        )
    for name, why in res.skipped.items():
        lines.append(f"skipped: {name}: {why}")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    import docx  # noqa: F401
    import reportlab

    from briefgen import __version__

    versions = {"briefgen": __version__, "reportlab": reportlab.Version}
    try:
        from importlib.metadata import version

        versions["python-docx"] = version("python-docx")
    except Exception:  # noqa: BLE001 - informative only
        pass
    try:
        import psutil  # noqa: F401

        rss = (
            "psutil: peak RSS and PSS of each process, sampled every 50 ms; and "
            "getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest process, main or worker"
        )
    except ImportError:
        rss = "getrusage(RUSAGE_CHILDREN).ru_maxrss only: the largest process, main or worker"
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "versions": versions,
        "memory_measure": rss,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


SECTIONS = ("per-pack", "fresh", "startup", "scaling", "reference", "region")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="briefgen benchmarks (issues 8 and 17)")
    parser.add_argument("--quick", action="store_true", help="CI size: about two minutes")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        default=None,
        help="run only this section (repeatable)",
    )
    parser.add_argument("--packs", type=int, default=None, help="packs in the per-pack sample")
    parser.add_argument("--repeats", type=int, default=None, help="repeats of each measure")
    parser.add_argument(
        "--scales", default=None, help="packs in each scaling build, e.g. 100,1000 (both formats)"
    )
    parser.add_argument(
        "--region-sizes", default=None, help="partners in each region pack, e.g. 250,500"
    )
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the work files here")
    parser.add_argument(
        "--report", type=Path, default=None, help="print the table of a saved JSON file, no run"
    )
    args = parser.parse_args(argv)
    if args.report is not None:
        saved = Results(**json.loads(args.report.read_text(encoding="utf-8")))
        saved.targets = []
        judge(saved)
        print(report(saved))
        return 0
    if args.quick:
        # a smoke run: one pack, and .docx only in the scaling builds, to stay under a minute
        s = Settings(
            True,
            packs=1,
            repeats=2,
            startup_repeats=3,
            scales=(10, 100),
            scale_formats=("docx",),
            lo_files=1,
            region_sizes=(100, 200),
        )
    else:
        s = Settings(
            False,
            packs=10,
            repeats=5,
            startup_repeats=10,
            scales=(10, 100, 1000),
            scale_formats=("docx", "pdf"),
            lo_files=10,
        )
    if args.packs:
        s.packs = args.packs
    if args.repeats:
        s.repeats = args.repeats
    if args.scales:
        s.scales = tuple(int(n) for n in args.scales.split(","))
        s.scale_formats = ("docx", "pdf")
    if args.region_sizes:
        s.region_sizes = tuple(int(n) for n in args.region_sizes.split(","))
    only = set(args.only or SECTIONS)
    started = time.perf_counter()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    res = Results()
    res.meta = {
        **machine(),
        "quick": s.quick,
        "packs_sampled": s.packs,
        "repeats": s.repeats,
        "settings": asdict(s),
        "issue_baselines_ms": ISSUE_BASELINES,
    }
    try:
        import briefgen

        sections: dict[str, float] = {}
        res.meta["section_seconds"] = sections

        def section(name: str, since: float) -> float:
            now = time.perf_counter()
            sections[name] = round(now - since, 1)
            log(f"  ({name}: {sections[name]} s)")
            return now

        mark = time.perf_counter()
        if "per-pack" in only:
            log("per pack")
            root = synth.generate(work / "ws-sample", s.packs)
            ws = briefgen.load_workspace(root)
            ids = list(ws.partners)[: s.packs]
            for pid in ids:
                res.dimensions.append({"pack": pid, **asdict(synth.dimensions(ws.pack(pid)))})
            log(f"  dimensions: {res.dimensions}")
            per_pack(ws, ids, s, res, work)
            mark = section("per pack", mark)
        if "fresh" in only:
            log("fresh packs: briefgen and Typst, tagged PDF")
            fresh_packs(s, res, work)
            mark = section("fresh packs", mark)
        if "startup" in only:
            log("start-up")
            startup(s, res)
            mark = section("start-up", mark)
        if "scaling" in only:
            log("scaling")
            scaling(s, res, work)
            mark = section("scaling", mark)
        if "reference" in only:
            log("reference workspace")
            reference(s, res, work)
            mark = section("reference", mark)
        if "region" in only:
            log("one region pack of many partners: Word and PDF")
            res.region = region.run(s.region_sizes, work, log=log)
            section("region", mark)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    judge(res)
    res.meta["seconds"] = round(time.perf_counter() - started, 1)
    print(report(res))
    print(f"\n({res.meta['seconds']} s in all)")
    if args.out is not None:
        args.out.write_text(json.dumps(asdict(res), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
