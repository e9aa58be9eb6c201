"""Build a pack from model objects made in code: no YAML, no workspace folder.

Usage:
    python examples/pack_from_code.py OUT_DIR

Writes OUT_DIR/example-space-office.docx and OUT_DIR/example-space-office.pdf. Every name
and fact below is made up for the example.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import briefgen
from briefgen.data.model import (
    Agency,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Area,
    Event,
    Narrative,
    Organisation,
    Partner,
    PartnerKind,
    Person,
    Program,
    ProgramKind,
    Source,
)
from briefgen.dates import FuzzyDate
from briefgen.markings import Marking

SRC = ("example-page",)  # every fact names its source(s) by id
# dates and markings are typed values; FuzzyDate.parse takes "2027", "2024-05", "~2031" ...


def make_workspace() -> briefgen.Workspace:
    """A workspace with one home organisation, one source and one partner."""
    source = Source(
        id="example-page",
        title="International partners (example)",
        publisher="Example Agency",
        url="https://example.org/partners",
        accessed=date(2026, 11, 20),
    )
    organisation = Organisation(
        name="Example Agency",
        head=Person(id="alex-citizen", name="Alex Citizen", role="Head of Agency", sources=SRC),
        acknowledgement=(
            Narrative(
                text="We acknowledge the Traditional Custodians of Country throughout Australia.",
                sources=SRC,
            ),
        ),
    )
    partner = Partner(
        id="example-space-office",
        kind=PartnerKind.organisation,
        name="Example Space Office",
        agencies=(
            Agency(name="Example Space Office", acronym="ESO-X", head="sam-lee", sources=SRC),
        ),
        overview=(
            Narrative(
                text="The Example Space Office is a partner made up for this example.", sources=SRC
            ),
        ),
        cooperation_areas=(Area(name="earth observation", sources=SRC),),
        programs=(
            Program(
                name="Example Mission",
                kind=ProgramKind.mission,
                date=FuzzyDate.parse("2027"),
                sources=SRC,
                summary="A mission the two agencies plan together.",
            ),
        ),
        agreements=(
            Agreement(
                id="example-mou",
                title="Memorandum of Understanding on space cooperation",
                kind=AgreementKind.mou,
                parties=("Example Agency", "Example Space Office"),
                status=AgreementStatus.signed,
                date=FuzzyDate.parse("2024-05"),
                sources=SRC,
            ),
        ),
        milestones=(
            Event(
                text="Joint workshop held in Canberra.",
                date=FuzzyDate.parse("2025-03-12"),
                sources=SRC,
            ),
            Event(
                text="A record kept out of releasable editions.",
                date=FuzzyDate.parse("2026-02"),
                marking=Marking.parse("OFFICIAL: Sensitive"),
                sources=SRC,
            ),
        ),
        people=(
            Person(
                id="sam-lee",
                name="Sam Lee",
                honorific="Dr",
                role="Director",
                bio="Leads the Example Space Office.",
                sources=SRC,
            ),
        ),
    )
    # raises briefgen.DataError if a reference does not hold (a source, a head, ...)
    return briefgen.Workspace.create(organisation, [partner], sources=[source])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    args = parser.parse_args(argv)

    ws = make_workspace()
    pack = ws.pack("example-space-office")
    args.out.mkdir(parents=True, exist_ok=True)
    for suffix in (".docx", ".pdf"):
        path = pack.write(args.out / f"{pack.id}{suffix}")
        print(f"wrote {path} ({pack.title}, {pack.marking.banner()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
