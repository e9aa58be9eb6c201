"""The Word writer's zip copies the entries it wrote before: the same bytes as zipfile."""

from __future__ import annotations

import io
import zipfile

from briefgen.writers.docx import zipped

ENTRIES = [
    ("[Content_Types].xml", b"<Types/>" * 20),
    ("word/document.xml", b"<w:document>" + b"text " * 3000 + b"</w:document>"),
    ("word/styles.xml", b"<w:styles>" + b"<w:style/>" * 500 + b"</w:styles>"),
    ("word/media/image1.png", bytes(range(256)) * 8),
    ("word/theme/theme1.xml", b"<a:theme/>" * 100),
]


def test_reused_entries_give_zipfiles_bytes() -> None:
    plain = zipped.write_zip(ENTRIES, reuse=False)
    first = zipped.write_zip(ENTRIES)
    again = zipped.write_zip(ENTRIES)  # every entry but the first copied
    assert all((name, body) in zipped._written for name, body in ENTRIES[1:])
    assert first == plain and again == plain
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i)) for i in z.infolist()] == ENTRIES
        assert {i.date_time for i in z.infolist()} == {zipped.ZIP_DATE_TIME}


def test_a_changed_body_is_written_afresh() -> None:
    zipped.write_zip(ENTRIES)
    changed = [*ENTRIES[:2], ("word/styles.xml", b"<w:styles>changed</w:styles>"), *ENTRIES[3:]]
    out = zipped.write_zip(changed)
    assert out == zipped.write_zip(changed, reuse=False)
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert z.read("word/styles.xml") == b"<w:styles>changed</w:styles>"


def test_entries_in_another_order_or_place() -> None:
    zipped.write_zip(ENTRIES)
    moved = [ENTRIES[0], *reversed(ENTRIES[1:])]
    assert zipped.write_zip(moved) == zipped.write_zip(moved, reuse=False)
