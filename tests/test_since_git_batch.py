"""``--since REF`` reads a git revision's files through one ``git cat-file --batch`` process
(one ``git`` process per data file cost 8 s at 1,000 partners), with the same bytes, and
its errors stay one line."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefgen.data import source as source_module
from briefgen.data.edition import git_edition
from briefgen.data.source import GitRevision, RevisionError
from briefgen.data.workspace import load_workspace


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    return done.stdout.decode("utf-8")


@pytest.fixture()
def repo(ws_copy: Path) -> Path:
    """The reference workspace committed in a git repository, with an odd file beside it:
    no newline at its end, a line that looks like cat-file's header, bytes that are not
    UTF-8."""
    (ws_copy / "notes.bin").write_bytes(b"abc 123 blob 9\n\x00\xff\xfe\nlast line")
    git(ws_copy, "init", "-q")
    git(ws_copy, "add", "-A")
    git(ws_copy, "commit", "-qm", "reference data")
    return ws_copy


class Spawned:
    """The git processes started while it is installed, by their arguments."""

    def __init__(self) -> None:
        self.args: list[list[str]] = []
        self.procs: list[subprocess.Popen[bytes]] = []


@pytest.fixture()
def spawned(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spawned]:
    record = Spawned()
    real = subprocess.Popen

    def counting(args: Any, *rest: Any, **kw: Any) -> Any:
        proc = real(args, *rest, **kw)
        if list(args)[:1] == ["git"]:
            record.args.append(list(args))
            record.procs.append(proc)
        return proc

    monkeypatch.setattr(source_module.subprocess, "Popen", counting)
    yield record


def test_a_revision_is_read_through_one_git_process(repo: Path, spawned: Spawned) -> None:
    edition = git_edition(repo, "HEAD")
    assert len(edition.workspace.partners) == 13  # 13 partner files and 4 more were read
    readers = [a for a in spawned.args if "cat-file" in a]
    assert readers == [["git", "cat-file", "--batch"]]
    assert len(spawned.args) <= 5  # rev-parse (3), ls-tree and the reader
    assert all(p.poll() is not None for p in spawned.procs)  # none left running


def test_the_revision_gives_the_files_bytes(repo: Path) -> None:
    with GitRevision.open(repo, "HEAD") as revision:
        for rel in ("notes.bin", "data/partners/jp.yaml", "data/organisation.yaml", "notes.bin"):
            assert revision.read(rel) == (repo / rel).read_bytes()
        assert revision.read("data/partners/jp.yaml", limit=10**6)
        with pytest.raises(OSError, match="larger than 10 bytes"):
            revision.read("data/partners/jp.yaml", limit=10)
    assert git_edition(repo, "HEAD").workspace.partners == load_workspace(repo).partners


def test_a_read_after_close_or_after_git_stopped_starts_git_again(
    repo: Path, spawned: Spawned
) -> None:
    revision = GitRevision.open(repo, "HEAD")
    want = (repo / "data/regions.yaml").read_bytes()
    assert revision.read("data/regions.yaml") == want
    revision.close()
    assert revision.read("data/regions.yaml") == want
    spawned.procs[-1].kill()  # the reader dies: that read fails in one line, the next works
    spawned.procs[-1].wait()
    with pytest.raises(RevisionError) as caught:
        revision.read("data/regions.yaml")
    assert "\n" not in str(caught.value) and "git" in str(caught.value)
    assert revision.read("data/regions.yaml") == want
    revision.close()
    assert [a for a in spawned.args if "cat-file" in a] == [["git", "cat-file", "--batch"]] * 3
    assert all(p.poll() is not None for p in spawned.procs)


def test_a_path_missing_in_the_revision(repo: Path) -> None:
    (repo / "data/partners/zz.yaml").write_text("id: zz\n", "utf-8")  # not committed
    with GitRevision.open(repo, "HEAD") as revision:
        assert not revision.is_file("data/partners/zz.yaml")
        assert "zz.yaml" not in revision.names("data/partners")
        with pytest.raises(OSError, match=r"^not a file at [0-9a-f]{12}$"):
            revision.read("data/partners/zz.yaml")


def test_a_missing_revision_is_one_line_naming_it(repo: Path) -> None:
    with pytest.raises(RevisionError) as caught:
        GitRevision.open(repo, "no-such-ref")
    message = str(caught.value)
    assert "\n" not in message and "no git revision 'no-such-ref'" in message


def test_a_folder_outside_git_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(RevisionError) as caught:
        GitRevision.open(folder, "HEAD")
    assert str(caught.value) == f"{folder} is not in a git repository"


def test_a_workspace_in_a_subfolder_of_the_repository(repo: Path, tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    (outer / "team").mkdir(parents=True)
    (repo / ".git").rename(tmp_path / "unused.git")
    repo.rename(outer / "team" / "ws")
    git(outer, "init", "-q")
    git(outer, "add", "-A")
    git(outer, "commit", "-qm", "nested")
    ws = outer / "team" / "ws"
    with GitRevision.open(ws, "HEAD") as revision:
        assert revision.prefix == "team/ws/"
        assert revision.read("notes.bin") == (ws / "notes.bin").read_bytes()
