"""``briefgen new visit PARTNER`` and ``briefgen new brief ID``: commented skeletons for an
officer to fill in, in block style (one field a line), so that a comma typed into a title or
a position stays part of the value."""

from __future__ import annotations

from datetime import date, timedelta

from briefgen.data.workspace import Workspace


def visit_skeleton(ws: Workspace, partner_id: str, today: date) -> str:
    """The text of a new visit file for ``partner_id``, listing its people to pick from."""
    partner = ws.partners[partner_id]
    start = today + timedelta(days=14)
    end = start + timedelta(days=1)
    people = partner.people
    org_people = [ws.organisation.head, *ws.organisation.people]
    lines = [
        f"# Visit brief for {partner.display_name}. Fill in the fields, delete what you do not",
        "# need, then run: briefgen validate && briefgen build <this file's name>",
        "# Dates are YYYY-MM-DD; a span is START/END. Times are HH:MM (24-hour).",
        f"title: {partner.display_name} delegation  # the brief's title, on page 1",
        f"partners: [{partner_id}]",
        "direction: inbound  # inbound (they come to us) or outbound (we go to them)",
        f"dates: {start.isoformat()}/{end.isoformat()}",
        "locations: [Canberra]",
        "status: draft  # draft puts DRAFT on every page; final when cleared",
        f"edition: {today.isoformat()}  # 'Information as at'",
        "# marking: OFFICIAL  # the brief takes the highest marking of what it includes",
        "purpose: >-",
        "  Why the visit is happening, in one or two sentences.",
        "objectives:",
        "  - What we want from the visit.",
        "delegation:",
    ]
    if people:
        lines.append(f"  # people in data/partners/{partner_id}.yaml; keep those who come:")
        for i, person in enumerate(people):
            prefix = "  " if i == 0 else "  # "
            lines.append(f"{prefix}- partner: {partner_id}  # {person.full_name}, {person.role}")
            lines.append(f"{prefix}  person: {person.id}")
    else:
        lines.append(f"  # no people are recorded for {partner_id}; give them inline:")
        lines += [
            "  - name: Full Name",
            "    role: Their role",
            "    organisation: Their organisation",
        ]
    lines.append("attendees:")
    lines.append("  # people in data/organisation.yaml; keep those who attend:")
    for i, person in enumerate(org_people):
        prefix = "  " if i == 0 else "  # "
        lines.append(f"{prefix}- {person.id}  # {person.full_name}, {person.role}")
    lines += [
        "program:",
        f"  - date: {start.isoformat()}",
        '    start: "09:00"',
        '    end: "10:00"',
        "    activity: Welcome and introductions",
        "    location: Meeting room",
        "    attendees: []",
        "key_messages:",
        "  - text: A point to make.",
        "if_raised:",
        "  - text: A point to use only if raised.",
        "    # marking: 'OFFICIAL: Sensitive'  # left out of editions built with --max-marking",
        "sensitivities: []  # handling notes, printed beside the key messages",
        "their_objectives:",
        "  - text: What the other side wants from the visit.",
        "likely_asks:",
        "  - text: What they are likely to ask.",
        "    response: What we say if they ask it.",
        "logistics: []",
        "contacts:",
        "  - name: Visit coordinator",
        "    role: Coordinator",
        "    email: coordinator@example.org  # a contact needs a phone or an email",
        "# attachments: default: the partner's full brief, as Attachment A",
        "#   - title: Program of the visiting delegation",
        "#     note: from their embassy",
        "document_control:  # over data/organisation.yaml's document_control",
        *_officer_lines(ws),
        "  # when cleared, say who cleared it and set status: final (a final brief needs it):",
        "  # cleared_by:",
        "  #   name: Clearing Officer",
        "  #   position: Their position",
        "  #   date: YYYY-MM-DD",
        "  # reference: REF-{id}-{edition}  # {id} and {edition} are filled in",
        "  # version: '1.0'",
    ]
    if ws.sources:
        lines.append(f"sources: [{next(iter(ws.sources))}]")
    return "\n".join(lines) + "\n"


def _officer_lines(ws: Workspace) -> list[str]:
    """The skeleton's contact officer: commented out when the organisation names one (a
    placeholder must never override it), else to fill in.  Placeholders left in a draft are
    warnings, in a final brief errors (`briefgen.data.control.PLACEHOLDERS`)."""
    officer = ws.organisation.document_control.contact_officer
    lines = [
        "  contact_officer:  # a visit brief without one is a warning (--strict: an error)",
        "    name: Your Name",
        "    position: Your position",
        "    phone: +61 2 0000 0000  # a phone and/or an email",
    ]
    if officer is None:
        return lines
    return [
        f"  # contact officer: data/organisation.yaml's ({officer.name}, {officer.position});",
        "  # to name another for this brief:",
        *(f"  # {line[2:]}" for line in lines[:1]),
        *(f"  #   {line[4:]}" for line in lines[1:]),
    ]


def brief_skeleton(id: str, today: date) -> str:
    """The text of a new contributed brief ``data/briefs/<id>.md``: block-style front
    matter (commas in a title or position are safe), then the text to write."""
    due = today + timedelta(days=7)
    return "\n".join(
        [
            "---",
            "# A contributed brief. Fill in the fields, write the text below the second ---",
            "# line, then run: briefgen validate",
            f"title: {id.replace('-', ' ').capitalize()}  # its heading in the pack",
            "kind: issue  # issue, background, talking points, media lines, protocol, run sheet"
            " or other",
            "team: Your team  # the team that owns the brief",
            "contact:",
            "  name: Your Name",
            "  position: Your position",
            "  phone: +61 2 0000 0000  # a phone and/or an email",
            "# marking: 'OFFICIAL: Sensitive'  # left out of editions built with --max-marking",
            "status: drafted  # requested (no text yet), drafted or cleared",
            "# when cleared (and set status: cleared):",
            "# cleared_by:",
            "#   name: Clearing Officer",
            "#   position: Their position",
            "# cleared_on: YYYY-MM-DD",
            f"due: {due.isoformat()}",
            "# review_on: YYYY-MM-DD  # for a stock brief reused across packs",
            "sources: []  # ids of the sources it draws on, e.g. [asa-international-partnerships]",
            "packs: []  # ids of visits that print it besides those whose briefs: ask for it",
            "---",
            "# Background",
            "",
            "Write the brief here, in Markdown: headings (#), lists (- or 1.), tables, *emphasis*,",
            "**bold** and links such as [the Agency](https://www.space.gov.au/).",
            "",
        ]
    )
