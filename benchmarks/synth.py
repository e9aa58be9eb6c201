"""Seeded, deterministic synthetic workspaces for the benchmarks.

Each partner pack has roughly the dimensions of issue 8's reference pack: about 10 pages and
2,300 words, 13 headings, bullet lists, an agreements table of 5-15 rows (the shipped
templates have one table, of five columns), 2 photographs with captions and 4-12 footnotes
(sources), plus the contents page, the timeline and "Page X of Y" footers.

    python benchmarks/synth.py OUT [--partners N] [--regions K] [--seed S] [--check]

``--check`` loads the workspace, renders the first pack in both formats and prints its
dimensions (words, headings, lists, tables, figures, footnotes, pages).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

# Plain words for filler prose: deterministic, XML-safe, with a few non-ASCII ones.
_WORD_TEXT = (
    "space agency cooperation mission satellite ground station data science research "
    "exploration launch program partnership agreement framework industry trade investment "
    "capability navigation communications observation earth climate weather tracking deep "
    "antenna orbit lunar mars rover astronaut training payload sensor imagery analysis "
    "collaboration workforce skills innovation startups regulation licensing policy safety "
    "sustainability debris awareness access support operations network facility centre "
    "national regional international shared joint long-term strategic technical commercial "
    "academic university laboratory engineering manufacturing supply chain export market "
    "opportunity growth resilience security emergency disaster response agriculture water "
    "ocean bushfire monitoring positioning timing services infrastructure investment "
    "délégation café naïve Zürich São-Paulo Ōsaka"
)
_FILLER_TEXT = "the of and to in for with on by as a its their our across through under"
WORDS = _WORD_TEXT.split()
FILLER = _FILLER_TEXT.split()

KINDS = (
    "treaty",
    "framework agreement",
    "cooperative agreement",
    "memorandum of understanding",
    "arrangement",
    "agreement",
)
STATUSES = ("negotiation mandated", "under negotiation", "signed", "in force", "expired")
PROGRAM_KINDS = ("program", "mission", "initiative")
EDITION = "2026-11-25"


@dataclass(frozen=True)
class Shape:
    """How much of each kind of content a synthetic partner has (per pack)."""

    overview: int = 6  # paragraphs
    overview_words: tuple[int, int] = (70, 90)
    areas: int = 7
    programs: int = 8
    agreements: tuple[int, int] = (5, 15)  # table rows
    agreement_words: tuple[int, int] = (25, 40)
    highlights: int = 6
    milestones: int = 4
    events: int = 0  # 4 would add a 14th heading and a 9th list
    facilities: int = 6
    people: int = 5
    sources: tuple[int, int] = (4, 12)  # footnotes per pack
    dated: int = 7  # dated facts, hence timeline rows


REGION_MEMBER = Shape(
    overview=1,
    overview_words=(30, 45),
    areas=2,
    programs=2,
    agreements=(1, 2),
    agreement_words=(12, 20),
    highlights=1,
    milestones=1,
    facilities=1,
    people=1,
    sources=(2, 3),
    dated=2,
)
"""A partner of a large region (benchmarks/region.py): about a page in the region view."""


class Prose:
    """Deterministic filler text from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, n: int) -> list[str]:
        r = self.rng
        return [r.choice(FILLER) if r.random() < 0.3 else r.choice(WORDS) for _ in range(n)]

    def sentence(self, n: int) -> str:
        w = self.words(n)
        return " ".join(w)[:1].upper() + " ".join(w)[1:] + "."

    def text(self, lo: int, hi: int) -> str:
        """About ``lo``..``hi`` words in sentences of 8 to 20 words."""
        total = self.rng.randint(lo, hi)
        out: list[str] = []
        while total > 0:
            n = min(total, self.rng.randint(8, 20))
            out.append(self.sentence(max(n, 3)))
            total -= n
        return " ".join(out)

    def title(self, n: int) -> str:
        return " ".join(w.capitalize() for w in self.words(n) if w not in FILLER) or "Untitled"


def _date(rng: random.Random, precision: str | None = None) -> str | int:
    year = rng.randint(1985, 2030)
    p = precision or rng.choice(("year", "month", "day"))
    if p == "year":
        return year
    month = rng.randint(1, 12)
    return f"{year}-{month:02d}" if p == "month" else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def partner_data(index: int, seed: int, shape: Shape, images: tuple[str, str]) -> dict[str, Any]:
    """The YAML data of partner ``index`` (``p0001`` is 1), deterministic in ``seed``."""
    rng = random.Random(f"{seed}:{index}")
    prose = Prose(rng)
    pid = f"p{index:04d}"
    n_sources = rng.randint(*shape.sources) - 1  # plus the shared source
    sids = ["synthetic-shared"] + [f"{pid}-s{i + 1}" for i in range(n_sources)]

    def cite() -> list[str]:
        return rng.sample(sids, rng.choice((1, 1, 2)))

    dated_left = shape.dated

    def maybe_date() -> dict[str, Any]:
        nonlocal dated_left
        if dated_left > 0 and rng.random() < 0.5:
            dated_left -= 1
            return {"date": _date(rng)}
        return {}

    name = f"Synthetic Partner {index} {prose.title(2)}"
    people = [
        {
            "id": f"person-{i + 1}",
            "name": f"{prose.title(1)} {prose.title(1)}",
            "role": prose.sentence(4).rstrip("."),
            "organisation": name,
            "bio": prose.text(18, 28),
            "sources": cite(),
        }
        for i in range(shape.people)
    ]
    data: dict[str, Any] = {
        "kind": "organisation" if index % 3 else "group",
        "name": name,
        "agencies": [
            {
                "name": f"{name} Space Office",
                "acronym": f"SP{index}",
                "head": "person-1",
                "sources": cite(),
            }
        ],
        "partnership_length": {"text": prose.sentence(12), "sources": cite()},
        "overview": [
            {"text": prose.text(*shape.overview_words), "sources": cite()}
            for _ in range(shape.overview)
        ],
        # ids: random titles may repeat, and a record's identity must be unique in its list
        "cooperation_areas": [
            {"id": f"area-{i + 1}", "name": prose.title(3), "sources": cite()}
            for i in range(shape.areas)
        ],
        "programs": [
            {
                "id": f"program-{i + 1}",
                "name": prose.title(3),
                "kind": rng.choice(PROGRAM_KINDS),
                "summary": prose.text(18, 30),
                "sources": cite(),
            }
            for i in range(shape.programs)
        ],
        "agreements": [
            {
                "id": f"agreement-{i + 1}",
                "title": prose.title(rng.randint(4, 7)),
                "kind": rng.choice(KINDS),
                "parties": ["Australia", name],
                "status": rng.choice(STATUSES),
                **maybe_date(),
                "summary": prose.text(*shape.agreement_words),
                "sources": cite(),
            }
            for i in range(rng.randint(*shape.agreements))
        ],
        "facilities": [
            {
                "id": f"facility-{i + 1}",
                "name": prose.title(3),
                "location": prose.title(2),
                "operator": f"{name} Space Office",
                "purpose": prose.sentence(5).rstrip("."),
                "summary": prose.text(18, 30),
                "sources": cite(),
            }
            for i in range(shape.facilities)
        ],
        "highlights": [
            {"text": prose.text(30, 45), **maybe_date(), "sources": cite()}
            for _ in range(shape.highlights)
        ],
        "milestones": [
            {"text": prose.text(12, 20), **maybe_date(), "sources": cite()}
            for _ in range(shape.milestones)
        ],
        "events": [
            {"text": prose.text(12, 20), **maybe_date(), "sources": cite()}
            for _ in range(shape.events)
        ],
        "people": people,
        "images": [
            {
                "path": path,
                "alt": prose.sentence(10).rstrip("."),
                "caption": prose.sentence(16),
                "credit": f"{prose.title(2)}/Synthetic",
                "sources": cite(),
            }
            for path in images
        ],
        "sources": [
            {
                "id": sid,
                "title": prose.title(6),
                "publisher": f"{prose.title(2)} Publishing",
                "url": f"https://example.org/{pid}/{sid}",
                "accessed": EDITION,
            }
            for sid in sids[1:]
        ],
    }
    return data


def write_png(path: Path, seed: int, size: tuple[int, int], hue: int) -> None:
    """A small, photo-like PNG (gradients and shapes), deterministic in ``seed``."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    w, h = size
    image = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, w, h // 3], fill=(hue, 120, 200))
    for _ in range(24):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(8, 60)
        colour = (rng.randrange(256), rng.randrange(256), hue)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline=(20, 20, 20))
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    path.write_bytes(buf.getvalue())


def _photographs_override(root: Path) -> None:
    """Work around an old ``photographs.md.j2`` joining two photographs with credits into
    one paragraph (``trim_blocks`` eats the newline after ``{% endif %}``), which the tree
    builder refuses: a workspace override with a blank line more, only where it is needed."""
    from briefgen.compose.jinja import default_template_dir

    name = "partials/photographs.md.j2"
    shipped = (default_template_dir() / name).read_text(encoding="utf-8")
    bug = "{% endif %}\n\n{% endfor %}"
    if bug in shipped:
        target = root / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(shipped.replace(bug, "{% endif %}\n\n\n{% endfor %}"), "utf-8")


def _yaml_lines(data: Any, indent: str = "") -> list[str]:
    """Block-style YAML for dicts, lists, strings and numbers; strings double-quoted (JSON
    escapes are valid YAML), so no plain scalar can be misread."""
    lines: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, (dict, list)) and value:
                lines.append(f"{indent}{key}:")
                lines += _yaml_lines(value, indent + "  ")
            else:
                lines.append(f"{indent}{key}: {_scalar(value)}")
    else:
        for item in data:
            if isinstance(item, (dict, list)) and item:
                inner = _yaml_lines(item, indent + "  ")
                lines.append(f"{indent}- {inner[0].lstrip()}")
                lines += inner[1:]
            else:
                lines.append(f"{indent}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, ensure_ascii=False)


def _dump_yaml(data: Any, path: Path) -> None:
    path.write_text("\n".join(_yaml_lines(data)) + "\n", encoding="utf-8")


def generate(
    out: str | Path,
    partners: int = 10,
    *,
    seed: int = 8,
    regions: int = 0,
    region_size: int = 3,
    shape: Shape | None = None,
    clean: bool = True,
) -> Path:
    """Write a synthetic workspace of ``partners`` partner files into ``out`` and return it.

    Same arguments, same bytes.  ``regions`` regions of ``region_size`` members each are
    written to ``data/regions.yaml`` (default none, so the workspace's packs are exactly the
    partner packs).
    """
    shape = shape or Shape()
    root = Path(out)
    if clean and root.exists():
        shutil.rmtree(root)
    (root / "data" / "partners").mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    images = ("images/photo-1.png", "images/photo-2.png")
    for i, rel in enumerate(images):
        write_png(root / rel, seed + i, (480, 320), 60 + 90 * i)
    prose = Prose(random.Random(f"{seed}:org"))
    _dump_yaml(
        {
            "name": "Synthetic Space Agency",
            "head": {
                "id": "head",
                "name": "Alex Example",
                "role": "Head of the Synthetic Space Agency",
                "sources": ["synthetic-shared"],
            },
            "overview": [{"text": prose.text(40, 60), "sources": ["synthetic-shared"]}],
            "acknowledgement": [
                {"text": prose.text(25, 35), "sources": ["synthetic-shared"]} for _ in range(2)
            ],
        },
        root / "data" / "organisation.yaml",
    )
    _dump_yaml(
        {
            "sources": [
                {
                    "id": "synthetic-shared",
                    "title": "Synthetic partnerships data for benchmarks",
                    "publisher": "briefgen benchmarks",
                    "accessed": EDITION,
                }
            ]
        },
        root / "data" / "sources.yaml",
    )
    ids = [f"p{i:04d}" for i in range(1, partners + 1)]
    _dump_yaml(
        {
            "note": "Synthetic regions for benchmarks.",
            "regions": [
                {
                    "id": f"region-{k + 1}",
                    "name": f"Synthetic region {k + 1}",
                    "members": ids[k * region_size : (k + 1) * region_size] or ids[:1],
                }
                for k in range(regions)
            ],
        },
        root / "data" / "regions.yaml",
    )
    for i, pid in enumerate(ids, 1):
        _dump_yaml(partner_data(i, seed, shape, images), root / "data" / "partners" / f"{pid}.yaml")
    _photographs_override(root)
    (root / "briefgen.toml").write_text(f'edition = {EDITION}\noutput = "build"\n')
    return root


# ---------------------------------------------------------------- dimensions


@dataclass(frozen=True)
class Dimensions:
    """What one pack holds, counted from its tree and its rendered files."""

    words: int
    headings: int
    bullet_lists: int
    tables: int
    table_columns: tuple[int, ...]
    table_rows: tuple[int, ...]
    figures: int
    footnotes: int
    pdf_pages: int
    docx_bytes: int
    pdf_bytes: int


def _walk(blocks: Iterable[Any], visit: Callable[[Any], None]) -> None:
    from briefgen import tree as t

    for block in blocks:
        visit(block)
        if isinstance(block, t.Callout):
            _walk(block.blocks, visit)
        elif isinstance(block, (t.BulletList, t.OrderedList)):
            for item in block.items:
                _walk(item.blocks, visit)


def document_words(doc: Any) -> int:
    """Words a reader sees in the body, tables, captions and footnotes (not alt text)."""
    from briefgen import tree as t

    count = 0

    def visit(block: Any) -> None:
        nonlocal count
        if isinstance(block, (t.Heading, t.Paragraph)):
            count += len(t.plain_text(block.children).split())
        elif isinstance(block, t.Table):
            for row in (block.header, *block.rows):
                count += sum(len(t.plain_text(cell).split()) for cell in row)
        elif isinstance(block, t.Figure):
            count += len(block.caption.split()) + len((block.credit or "").split())

    _walk(doc.blocks, visit)
    for note in doc.footnotes:
        _walk(note.blocks, visit)
    return count


def _pages(data: bytes, counted: int | None) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return counted or 0
    return len(PdfReader(io.BytesIO(data)).pages)


def dimensions(pack: Any) -> Dimensions:
    """Count the dimensions of ``pack`` (renders it in both formats; pages by pypdf where
    installed, else as the PDF writer counted them)."""
    from briefgen import tree as t

    doc = pack.document
    found: list[Any] = []
    _walk(doc.blocks, found.append)
    tables = [b for b in found if isinstance(b, t.Table)]
    docx = pack.render("docx")
    pdf = pack.render("pdf")
    return Dimensions(
        words=document_words(doc),
        headings=sum(isinstance(b, t.Heading) for b in found),
        bullet_lists=sum(isinstance(b, t.BulletList) for b in found),
        tables=len(tables),
        table_columns=tuple(len(tb.header) for tb in tables),
        table_rows=tuple(len(tb.rows) for tb in tables),
        figures=sum(isinstance(b, t.Figure) for b in found),
        footnotes=len(doc.footnotes),
        pdf_pages=_pages(pdf.data, pdf.pages),
        docx_bytes=len(docx.data),
        pdf_bytes=len(pdf.data),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--partners", type=int, default=10)
    parser.add_argument("--regions", type=int, default=0)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--check", action="store_true", help="load and measure the packs")
    args = parser.parse_args(argv)
    root = generate(args.out, args.partners, seed=args.seed, regions=args.regions)
    print(f"wrote {root} ({args.partners} partners, {args.regions} regions)")
    if args.check:
        import briefgen

        ws = briefgen.load_workspace(root)
        for pid in list(ws.partners)[: min(3, len(ws.partners))]:
            print(pid, asdict(dimensions(ws.pack(pid))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
