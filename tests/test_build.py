"""Batch builds: reproducible, incremental, sharded, releasable editions, atomic under
interruption, isolated failures, any executor."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
from briefgen.build import parse_shard, select, shard_of
from briefgen.cli import main
from conftest import ROOT, build_command


def manifest(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "manifest.json").read_text())["packs"]


def shas(out: Path) -> dict[str, str]:
    return {
        f"{pid}.{fmt}": info["sha256"]
        for pid, entry in manifest(out).items()
        for fmt, info in entry["files"].items()
    }


def test_two_builds_give_identical_files(tmp_path: Path) -> None:
    ws = briefgen.load_workspace(ROOT)
    first = ws.build(tmp_path / "a", jobs=2)
    second = ws.build(tmp_path / "b", jobs=1)
    assert not first.failed and not second.failed
    assert len(first.built) == len(ws.targets()) >= 18
    assert shas(tmp_path / "a") == shas(tmp_path / "b")
    for name, sha in shas(tmp_path / "a").items():  # the manifest tells the truth
        import hashlib

        assert hashlib.sha256((tmp_path / "a" / name).read_bytes()).hexdigest() == sha
    entry = manifest(tmp_path / "a")["jp"]
    assert entry["marking"] == "OFFICIAL" and entry["files"]["pdf"]["pages"] >= 1
    assert "data/partners/jp.yaml" in entry["inputs"]
    assert "templates/partials/agreements.md.j2" in entry["inputs"]


def test_unchanged_build_rebuilds_nothing_and_a_change_rebuilds_its_packs(ws_copy: Path) -> None:
    out = ws_copy / "out"
    ws = briefgen.load_workspace(ws_copy)
    assert len(ws.build(out, formats=("docx",), jobs=1).built) == len(ws.targets())
    again = briefgen.load_workspace(ws_copy).build(out, formats=("docx",), jobs=1)
    assert again.built == [] and len(again.skipped) == len(ws.targets())
    jp = ws_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text().replace("more than 45 years", "more than 45 years (edited)"))
    third = briefgen.load_workspace(ws_copy).build(out, formats=("docx",), jobs=1)
    assert sorted(r.id for r in third.built) == ["indo-pacific", "jp"]
    forced = briefgen.load_workspace(ws_copy).build(
        out, formats=("docx",), jobs=1, targets=["nz"], force=True
    )
    assert [r.id for r in forced.built] == ["nz"]
    (out / "nz.docx").unlink()  # a missing output is rebuilt even when inputs are unchanged
    fourth = briefgen.load_workspace(ws_copy).build(out, formats=("docx",), jobs=1)
    assert [r.id for r in fourth.built] == ["nz"]


def test_shards_cover_every_pack_exactly_once() -> None:
    ws = briefgen.load_workspace(ROOT)
    every = select(ws)
    for n in (1, 2, 3, 5):
        parts = [select(ws, shard=(k, n)) for k in range(1, n + 1)]
        flat = [i for part in parts for i in part]
        assert sorted(flat) == sorted(every)
    assert shard_of("jp", 4) == shard_of("jp", 4)  # stable
    with pytest.raises(briefgen.BriefgenError):
        parse_shard("3/2")


def test_max_marking_leaves_out_sensitive_records(tmp_path: Path) -> None:
    from docx import Document

    ws = briefgen.load_workspace(ROOT)
    full = ws.build(tmp_path / "full", formats=("docx",), targets=["esa-illustrative"], jobs=1)
    rel = ws.build(
        tmp_path / "rel",
        formats=("docx",),
        targets=["esa-illustrative"],
        jobs=1,
        max_marking="OFFICIAL",
    )
    assert full.built[0].marking == "OFFICIAL: Sensitive" and rel.built[0].marking == "OFFICIAL"

    def text(path: Path) -> str:
        return "\n".join(p.text for p in Document(str(path)).paragraphs)

    secret = "defensive point marked OFFICIAL: Sensitive"
    assert secret in text(tmp_path / "full" / "esa-illustrative.docx")
    assert secret not in text(tmp_path / "rel" / "esa-illustrative.releasable-official.docx")
    assert "OFFICIAL: Sensitive" not in text(
        tmp_path / "rel" / "esa-illustrative.releasable-official.docx"
    )


def test_a_pack_that_fails_does_not_stop_the_others(ws_copy: Path) -> None:
    nz = ws_copy / "data" / "partners" / "nz.yaml"
    # U+10FFFD is a private-use character that no font has a glyph for
    nz.write_text(
        nz.read_text().replace("New Zealand Space Agency", "New Zealand Space Agency \U0010fffd")
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--workspace",
            str(ws_copy),
            "--out",
            str(ws_copy / "out"),
            "--format",
            "pdf",
            "--jobs",
            "1",
            "ca",
            "nz",
            "fr",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "U+10FFFD" in result.output and "nz" in result.output
    assert "data/partners/nz.yaml: agencies[0].name" in result.output  # the field named
    assert (ws_copy / "out" / "ca.pdf").exists() and (ws_copy / "out" / "fr.pdf").exists()
    assert not (ws_copy / "out" / "nz.pdf").exists()
    assert "nz" not in manifest(ws_copy / "out")


def test_invalid_data_writes_nothing_unless_keep_going(ws_copy: Path) -> None:
    fr = ws_copy / "data" / "partners" / "fr.yaml"
    fr.write_text(fr.read_text() + "\nbogus_field: 1\n")
    out = ws_copy / "out"
    args = [
        "build",
        "--workspace",
        str(ws_copy),
        "--out",
        str(out),
        "--format",
        "docx",
        "--jobs",
        "1",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "data/partners/fr.yaml" in result.output
    assert "bogus_field: unknown field" in result.output
    assert not out.exists() or not any(out.glob("*.docx"))
    result = CliRunner().invoke(main, [*args, "--keep-going"])
    assert result.exit_code == 1, result.output
    assert (out / "jp.docx").exists() and not (out / "fr.docx").exists()
    assert not (out / "europe.docx").exists()  # europe includes France: it fails too


@pytest.mark.parametrize(
    "args",
    [["--shard", "5/2"], ["nosuchpack"], ["--format", "odt"], ["--max-marking", "TOP SECRET"]],
)
def test_bad_usage_exits_2(args: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--workspace", str(ROOT), "--out", str(tmp_path), *args]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_pack_write_picks_the_writer_by_suffix(tmp_path: Path) -> None:
    pack = briefgen.load_workspace(ROOT).pack("kr")
    docx = pack.write(tmp_path / "kr.docx")
    pdf = pack.write(tmp_path / "kr.pdf")
    assert zipfile.is_zipfile(docx) and pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(briefgen.BriefgenError, match="unknown format"):
        pack.write(tmp_path / "kr.odt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kr.docx", "kr.pdf"]


def _whole(path: Path) -> bool:
    if path.suffix == ".docx":
        return zipfile.is_zipfile(path) and zipfile.ZipFile(path).testzip() is None
    data = path.read_bytes()
    return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_killed_build_leaves_only_whole_files(tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        build_command(ROOT, out, "--force"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.pdf"))) < 2:
        time.sleep(0.02)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    files = list(out.iterdir())
    assert not [p for p in files if p.suffix == ".tmp" or p.name.startswith(".")]
    outputs = [p for p in files if p.suffix in (".docx", ".pdf")]
    assert outputs and all(_whole(p) for p in outputs)
    assert len(outputs) < 2 * len(briefgen.load_workspace(ROOT).targets())  # it was cut short
    listed = shas(out)  # the manifest lists only whole files, with the right hashes
    assert listed
    for name, sha in listed.items():  # (a pack cut short between its formats lists one)
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha, name


def test_two_builds_into_one_folder_do_not_corrupt_each_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = build_command(ROOT, out, "--force", "--format", "docx")
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)
    ]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read().decode() if p.stderr else ""
    import hashlib

    for name, sha in shas(out).items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == sha


def test_dask_local_cluster_builds_the_reference_set(tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = briefgen.load_workspace(ROOT).build(
            tmp_path / "dask", executor=client.get_executor()
        )
    assert not report.failed and len(report.built) == len(briefgen.load_workspace(ROOT).targets())
    local = briefgen.load_workspace(ROOT).build(tmp_path / "local", jobs=1)
    assert not local.failed
    assert shas(tmp_path / "dask") == shas(tmp_path / "local")


def test_builds_from_objects_made_in_code(tmp_path: Path) -> None:
    ws = briefgen.load_workspace(ROOT)
    code = briefgen.Workspace.create(
        ws.organisation, ws.partners.values(), ws.regions.values(), sources=ws.sources.values()
    )
    report = code.build(tmp_path, formats=("docx",), targets=["jp"], jobs=1)
    assert [r.id for r in report.built] == ["jp"] and (tmp_path / "jp.docx").exists()
    assert os.stat(tmp_path / "jp.docx").st_mode & 0o044  # readable by others, like any file


def test_strict_build_refuses_stale_sources(ws_copy: Path) -> None:
    sources = ws_copy / "data" / "sources.yaml"
    sources.write_text(sources.read_text().replace("accessed: 2026-11-25", "accessed: 2020-01-01"))
    args = [
        "build",
        "--workspace",
        str(ws_copy),
        "--out",
        str(ws_copy / "out"),
        "--format",
        "docx",
        "--jobs",
        "1",
        "nz",
    ]
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 2 and "asa-international-partnerships" in strict.output
    assert not (ws_copy / "out" / "nz.docx").exists()
    lenient = CliRunner().invoke(main, args)
    assert lenient.exit_code == 0 and "warning: source" in lenient.output
    assert (ws_copy / "out" / "nz.docx").exists()


def test_releasable_edition_withholds_packs_marked_above_it(ws_copy: Path) -> None:
    nz = ws_copy / "data" / "partners" / "nz.yaml"
    nz.write_text(nz.read_text() + '\nmarking: "OFFICIAL: Sensitive"\n')
    out = ws_copy / "out"
    ws = briefgen.load_workspace(ws_copy)
    full = ws.build(out, formats=("docx",), jobs=1, targets=["nz", "ca"])
    assert [r.status for r in full.results] == ["built", "built"]
    assert full.results[0].marking == "OFFICIAL: Sensitive"
    release = ws.build(out, formats=("docx",), jobs=1, targets=["nz", "ca"], max_marking="OFFICIAL")
    assert [r.status for r in release.results] == ["withheld", "built"]
    assert release.exit_code == 0
    assert not (out / "nz.docx").exists()  # the sensitive file from before is gone too
    assert "nz" not in manifest(out) and "ca" in manifest(out)


def test_a_failed_pack_leaves_no_stale_file_and_the_lock_no_litter(ws_copy: Path) -> None:
    out = ws_copy / "out"
    briefgen.load_workspace(ws_copy).build(out, formats=("pdf",), jobs=1, targets=["nz"])
    assert (out / "nz.pdf").exists()
    nz = ws_copy / "data" / "partners" / "nz.yaml"
    nz.write_text(
        nz.read_text().replace("New Zealand Space Agency", "New Zealand Space Agency \U0010fffd")
    )
    report = briefgen.load_workspace(ws_copy).build(out, formats=("pdf",), jobs=1, targets=["nz"])
    assert report.exit_code == 1 and "U+10FFFD" in (report.failed[0].error or "")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["manifest.json", "register.csv", "register.json"]  # an empty register


def test_render_warnings_reach_the_report_and_manifest(ws_copy: Path) -> None:
    nz = ws_copy / "data" / "partners" / "nz.yaml"
    nz.write_text(
        nz.read_text().replace("New Zealand Space Agency", "New Zealand Space Agency \U0010fffd")
    )
    out = ws_copy / "out"
    report = briefgen.load_workspace(ws_copy).build(
        out, formats=("pdf",), jobs=1, targets=["nz"], allow_missing_glyphs=True
    )
    assert report.exit_code == 0 and any("U+10FFFD" in w for w in report.built[0].warnings)
    assert any("U+10FFFD" in w for w in manifest(out)["nz"]["files"]["pdf"]["warnings"])
    strict = briefgen.load_workspace(ws_copy).build(
        out,
        formats=("pdf",),
        jobs=1,
        targets=["nz"],
        allow_missing_glyphs=True,
        strict=True,
        force=True,
    )
    assert strict.exit_code == 1 and not (out / "nz.pdf").exists()


def test_unchanged_command_answers_without_loading_and_notices_any_change(
    ws_copy: Path,
) -> None:
    out = ws_copy / "out"
    cmd = build_command(ws_copy, out, "--format", "docx", "nz", "ca")
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert again.returncode == 0 and "2 packs unchanged since the last build" in again.stderr
    assert "pydantic" not in again.stderr and "ruamel" not in again.stderr  # nothing loaded
    nz = ws_copy / "data" / "partners" / "nz.yaml"
    nz.write_text(nz.read_text() + "# a comment is a change too\n")
    third = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert third.returncode == 0 and "1 built, 1 unchanged" in third.stderr
    (out / "ca.docx").unlink()
    fourth = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "1 built, 1 unchanged" in fourth.stderr and (out / "ca.docx").exists()
    other = subprocess.run(
        [*cmd, "--max-marking", "OFFICIAL"], capture_output=True, text=True, timeout=120
    )
    assert "unchanged since the last build" not in other.stderr  # other options, other key


def test_a_file_briefgen_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    """An output name taken by someone's own file fails that pack (naming the file) and
    leaves the file as it was; the other packs build; --force replaces it."""
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "jp.pdf"
    mine.write_bytes(b"my own notes")
    ws = briefgen.load_workspace(ROOT)
    report = ws.build(out, targets=["jp", "esa"], formats=["pdf"])
    (failed,) = report.having("failed")
    assert failed.id == "jp" and failed.error is not None
    assert f"{mine}: not written by briefgen (manifest.json does not list it)" in failed.error
    assert mine.read_bytes() == b"my own notes"
    assert [r.id for r in report.having("built")] == ["esa"]
    assert report.exit_code == 1
    forced = ws.build(out, targets=["jp"], formats=["pdf"], force=True)
    assert [r.id for r in forced.having("built")] == ["jp"]
    assert mine.read_bytes().startswith(b"%PDF")
    # once the manifest lists it, later builds replace it as their own
    again = ws.build(out, targets=["jp"], formats=["pdf"], force=True)
    assert again.exit_code == 0


def test_a_file_briefgen_made_but_did_not_list_is_its_own(tmp_path: Path) -> None:
    """A build killed before it wrote its manifest leaves files the manifest does not list:
    they say briefgen made them, so the next build replaces them without --force."""
    out = tmp_path / "out"
    ws = briefgen.load_workspace(ROOT)
    ws.build(out, targets=["jp"])
    (out / "manifest.json").unlink()
    again = ws.build(out, targets=["jp"])
    assert again.exit_code == 0 and [r.id for r in again.having("built")] == ["jp"]
    (out / "esa.docx").write_bytes((out / "jp.docx").read_bytes()[:100])  # not a whole zip
    assert ws.build(out, targets=["esa"]).exit_code == 1
