"""The typed partnership model: what a workspace's YAML files may say.

Every model is frozen and forbids unknown fields, so a typo is an error.  Every
fact-bearing record names its source(s) and may carry its own protective marking.
This module depends on nothing else in briefgen except the value types
(`briefgen.dates`, `briefgen.markings`, `briefgen.countries`).
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from briefgen.countries import country_name, is_country_code
from briefgen.dates import FuzzyDate
from briefgen.markings import Marking

Day = date
"""A calendar day (a name that a record's own ``date`` field cannot shadow)."""

# XML 1.0 allows tab, newline, carriage return and U+0020 upwards, less surrogates,
# U+FFFE and U+FFFF.  Anything else cannot reach a .docx or a tagged PDF intact.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def check_xml_text(value: str) -> str:
    """Refuse strings holding characters that XML cannot carry, naming the first one."""
    bad = _XML_ILLEGAL.search(value)
    if bad:
        ch = bad.group()
        raise ValueError(
            f"contains the control character U+{ord(ch):04X} at position {bad.start()}, "
            "which a document cannot hold"
        )
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(check_xml_text)]
"""Non-empty text from data, safe for XML."""

_ADDRESS = r"[^@\s:/\\<>()\[\],;\"]+@[^@\s:/\\<>()\[\],;\"'.]+(\.[^@\s:/\\<>()\[\],;\"'.]+)+"
_EMAIL = re.compile(_ADDRESS)
_MAILTO = re.compile(f"(?i:mailto):{_ADDRESS}")
_WEB = re.compile(r"(?i:https?)://[^\s/?#@\\]+[^\s\\]*")


def check_web_link(value: str) -> str:
    """Refuse a link that is not a web page (``https``, ``http``) or an e-mail (``mailto``):
    a local file, a share or a script must never become a clickable link in a pack."""
    if _WEB.fullmatch(value) or _MAILTO.fullmatch(value):
        return value
    raise ValueError(
        f"{value!r} is not a web link: type the whole address of a web page, starting "
        "https:// (or http://, or mailto: for an e-mail), e.g. "
        "https://www.example.gov.au/page"
    )


def check_email(value: str) -> str:
    """Refuse an e-mail field that is not one address."""
    if _EMAIL.fullmatch(value):
        return value
    raise ValueError(
        f"{value!r} is not an e-mail address: type one address, e.g. international@example.gov.au"
    )


WebLink = Annotated[
    Text,
    AfterValidator(check_web_link),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)\S+$",
            "description": "a web link: https://, http:// or mailto:",
            "examples": ["https://www.example.gov.au/page"],
        }
    ),
]
"""A link from data: a web page or an e-mail address, never a file, share or script."""


def check_image_path(value: str) -> str:
    """Refuse a '%' in an image path: in a Markdown destination ``a%20b.png`` reads as
    ``a b.png``, so the file could not be read as it is named."""
    if "%" in value:
        fixed = re.sub(r"%[0-9A-Fa-f]{2}|%", "-", value)
        raise ValueError(
            f"{value!r} holds '%', which a picture's file name cannot: rename the file "
            f"without it, e.g. {fixed}"
        )
    return value


ImagePath = Annotated[Text, AfterValidator(check_image_path)]
"""A workspace-relative picture file."""

_LINK_HELP = "a web link: https://, http:// or mailto: (e.g. https://www.example.gov.au/page)"

Email = Annotated[
    Text,
    AfterValidator(check_email),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+$",
            "description": "one e-mail address",
            "examples": ["international@example.gov.au"],
        }
    ),
]
"""An e-mail address from data."""


def check_country_code(value: str) -> str:
    """Refuse a country that is not an ISO 3166-1 alpha-2 code (names come from the code)."""
    if is_country_code(value):
        return value
    raise ValueError(f"{value!r} is not a country code: type a two-letter ISO 3166 code, e.g. JP")


CountryCode = Annotated[
    Text,
    AfterValidator(check_country_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[A-Za-z]{2}$",
            "description": "a two-letter ISO 3166-1 code",
            "examples": ["JP"],
        }
    ),
]
"""An ISO 3166-1 alpha-2 country code, in either case."""

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Every id: lower-case letters, digits and single hyphens (so never a path)."""

Slug = Annotated[
    str,
    Field(pattern=SLUG, description="lower-case letters, digits, hyphens"),
]

SourceId = Slug
PersonId = Slug

DateValue = Annotated[
    FuzzyDate,
    PlainValidator(FuzzyDate.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "description": "a year, e.g. 1979"},
                {
                    "type": "string",
                    "pattern": r"^(~?\d{4}(-\d{2}(-\d{2})?)?|\d{4}(-\d{2}(-\d{2})?)?/"
                    r"\d{4}(-\d{2}(-\d{2})?)?|unknown)$",
                    "description": "YYYY, YYYY-MM, YYYY-MM-DD, ~YYYY (approximate), "
                    "START/END (a span) or 'unknown'",
                },
            ],
            "examples": [1979, "2020-07", "2019-08-28", "~2031", "2025-04/2025-10", "unknown"],
        }
    ),
]

MarkingValue = Annotated[
    Marking,
    PlainValidator(Marking.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "UNOFFICIAL, OFFICIAL, OFFICIAL: Sensitive or PROTECTED, "
            "optionally followed by //CAVEAT",
            "examples": ["OFFICIAL", "OFFICIAL: Sensitive", "PROTECTED//AUSTEO"],
        }
    ),
]


FIELD_HELP: dict[str, str] = {
    "acronym": "the short form used in text, e.g. JAXA",
    "activity": "what happens in this part of the program",
    "agencies": "the partner's space agencies or bodies, the main one first",
    "agreements": "treaties, memoranda and arrangements with this partner",
    "attendees": "ids of people of the organisation who attend",
    "bio": "a short biography, as the source gives it",
    "caption": "what the picture shows, as the source describes it",
    "contact": "how to reach the organisation",
    "contacts": "who to call about the visit",
    "cooperation_areas": "the fields the partnership covers",
    "credit": "who took or owns the picture",
    "date": "when, with the precision the source gives (see the examples)",
    "delegation": "who comes: a partner's person by id, or a person given here",
    "direction": "inbound (they come to us) or outbound (we go to them)",
    "edition": "'Information as at' date of this brief",
    "email": "an e-mail address",
    "end": "end time, HH:MM (24-hour)",
    "events": "dated events of the partnership",
    "facilities": "ground stations, observatories and other facilities",
    "head": "the head of the organisation (a person)",
    "highlights": "the source's highlights of the partnership",
    "honorific": "how the person is addressed: Dr, Professor, Ambassador",
    "if_raised": "defensive points: what to say only if the subject is raised; each is "
    "OFFICIAL: Sensitive unless it gives its own marking (marking: OFFICIAL to release it)",
    "images": "photographs, described always, embedded when a file is given",
    "key_messages": "what our side wants the other side to hear",
    "previous_meetings": "earlier meetings with the organisation",
    "kind": "the kind of record (one of the listed values)",
    "location": "where, as the source names it",
    "locations": "cities or sites the visit takes in",
    "logistics": "arrangements officers need to know",
    "marking": "protective marking of this record, when above the default",
    "milestones": "dated milestones of the partnership",
    "name": "the name as it is printed",
    "note": "anything a reader of the source should know",
    "notes": "anything the attendees need to know",
    "objectives": "what we want from the visit",
    "operator": "who runs the facility",
    "organisation": "the organisation the person belongs to",
    "overview": "paragraphs that introduce the partnership",
    "partners": "ids of the partners concerned",
    "people": "people of the partner, referred to by id elsewhere",
    "phone": "a telephone number, e.g. +61 2 6276 1000",
    "position": "the person's position, e.g. 'Director, International Engagement'",
    "contact_officer": "who to call about the brief: name, position, phone and/or email",
    "cleared_by": "who cleared the brief (name, position) and the date",
    "photo": "a photograph of the person",
    "program": "the visit's program, item by item",
    "programs": "missions and programs the partners work on together",
    "publisher": "who published the source",
    "purpose": "why the visit is happening, in a sentence or two",
    "regions": "named groups of partners",
    "role": "the person's position, as the source gives it",
    "sensitivities": "handling notes: what to be careful about; each is OFFICIAL: Sensitive "
    "unless it gives its own marking (marking: OFFICIAL to release it)",
    "sources": "ids of the sources the facts cite",
    "start": "start time, HH:MM (24-hour)",
    "status": "where things stand (one of the listed values)",
    "summary": "a sentence on what it is",
    "text": "the fact, in words the source supports",
    "title": "the title as it is printed",
    "url": "a web link (https://, http:// or mailto:), e.g. https://www.example.gov.au/page",
}
"""Descriptions of fields that are the same wherever they occur, for the JSON Schemas (an
editor shows them on hover); a field's own description wins."""


def _describe(schema: dict[str, Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        if "description" not in prop and name in FIELD_HELP:
            prop["description"] = FIELD_HELP[name]


class Model(BaseModel):
    """Base of every data model: frozen, unknown fields refused."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, json_schema_extra=_describe
    )


BRIEF_HELP = (
    "the brief's words for this record's {field}: third person ('Australia', 'the "
    "Australian Space Agency'), Australian Government Style Manual, neutral, whole "
    "sentences. Packs print it instead of '{field}', which keeps the source's words as "
    "evidence. It may only reword: every number, year and proper noun in it must occur in "
    "'{field}' (see docs/voice.md)"
)


def brief_field(prose: str) -> Any:
    """The optional ``brief`` field of a record whose ``prose`` field holds the source's words."""
    return Field(default=None, description=BRIEF_HELP.format(field=prose))


class Briefed(Model):
    """A record with prose from a source (``prose`` names the field) and, optionally, the
    brief's rewording of it (``brief``), which packs print instead."""

    prose: ClassVar[str] = "text"


class Fact(Model):
    """A record that states something: it names its sources and may be marked."""

    id: Slug | None = Field(
        default=None,
        description="a stable id, unique in its list: names this record from one edition "
        "to the next (default: its natural key, see docs/data-model.md)",
    )
    sources: tuple[SourceId, ...] = Field(
        min_length=1, description="ids of the sources that say this"
    )
    marking: MarkingValue | None = Field(
        default=None, description="protective marking of this record, if above the default"
    )
    as_at: Day | None = Field(
        default=None,
        description="the day someone checked that this still holds (YYYY-MM-DD), e.g. "
        "2026-11-25: a final build refuses an acting title, a milestone whose date has come "
        "or a word such as 'now' in a record without it",
    )


class Source(Model):
    """Where facts come from."""

    id: SourceId
    title: Text
    publisher: Text
    url: WebLink | None = Field(default=None, description=_LINK_HELP)
    year: int | None = Field(
        default=None,
        ge=1000,
        le=9999,
        description="the year the source was published or last updated, if it says "
        "(a reference without one prints 'n.d.', as the Style Manual has it)",
    )
    accessed: date = Field(description="the day the source was read (YYYY-MM-DD)")
    note: Text | None = None


class Image(Fact):
    """A photograph: described always, embedded when ``path`` names a file in the workspace."""

    path: ImagePath | None = Field(default=None, description="workspace-relative image file")
    caption: Text
    credit: Text | None = None
    alt: Text | None = Field(default=None, description="alt text; required with a path")

    @model_validator(mode="after")
    def _alt_with_path(self) -> Image:
        if self.path is not None and self.alt is None:
            raise ValueError("an image with a path needs alt text ('alt')")
        return self


class Meeting(Model):
    """An earlier meeting of a person with the organisation (sourced like the person)."""

    date: DateValue | None = Field(default=None, description="when, if the source says")
    text: Text = Field(
        description="the occasion, e.g. 'the inauguration of New Norcia-3' (with met:), "
        "or what happened, e.g. 'signed the ... Agreement with Enrico Palermo'"
    )
    met: tuple[PersonId, ...] = Field(
        default=(),
        description="ids of the organisation's people met there (organisation.yaml), "
        "e.g. [enrico-palermo]: printed 'Met Enrico Palermo (...) at <text>'",
    )


class CareerRole(Fact):
    """One role in a person's career, as a source gives it."""

    role: Text = Field(description="the position held, e.g. 'Director of Science'")
    organisation: Text | None = None
    dates: DateValue | None = Field(
        default=None, description="when, as the source gives it, e.g. 2016/2021 or 2019"
    )


class Portrait(Model):
    """A delegate's photograph given in a visit file: a picture file and its alt text."""

    path: ImagePath = Field(description="workspace-relative image file, e.g. images/jane.jpg")
    alt: Text = Field(description="what the picture shows, e.g. 'Portrait of Jane Citizen'")
    credit: Text | None = None


# The biography fields `Person` and `VisitPerson` share (each declares them, so that name
# and role come first in files and schemas).
FormOfAddress = Annotated[
    Text | None,
    Field(description="how to address the person, e.g. 'Director General' or 'Dr Bate'"),
]
Pronunciation = Annotated[
    Text | None, Field(description="how the name is said, e.g. 'YO-sef ASH-bah-her'")
]
Career = Annotated[
    tuple[CareerRole, ...],
    Field(description="roles held, latest first, each citing its source"),
]
Languages = Annotated[tuple[Text, ...], Field(description="languages the person speaks")]


class Person(Fact, Briefed):
    """Someone named in the data."""

    prose: ClassVar[str] = "bio"

    id: PersonId
    name: Text
    honorific: Text | None = Field(default=None, description="e.g. Dr, Prof.")
    form_of_address: FormOfAddress = None
    pronunciation: Pronunciation = None
    role: Text
    organisation: Text | None = None
    bio: Text | None = Field(default=None, description="short biography")
    brief: Text | None = brief_field("bio")
    career: Career = ()
    languages: Languages = ()
    photo: Image | None = None
    previous_meetings: tuple[Meeting, ...] = Field(
        default=(), description="earlier meetings with the organisation, for biographies"
    )

    @property
    def full_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


class Agency(Fact):
    """A partner's space agency or other government body."""

    name: Text
    acronym: Text | None = None
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 code")
    role: Text | None = None
    head: PersonId | None = Field(default=None, description="id of a person of this partner")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class AgreementKind(str, Enum):
    treaty = "treaty"
    framework_agreement = "framework agreement"
    cooperative_agreement = "cooperative agreement"
    mou = "memorandum of understanding"
    arrangement = "arrangement"
    agreement = "agreement"


class AgreementStatus(str, Enum):
    negotiation_mandated = "negotiation mandated"
    under_negotiation = "under negotiation"
    signed = "signed"
    in_force = "in force"
    in_place = "in place"  # the source's words when it says no more ("agreements in place")
    expired = "expired"


class Agreement(Fact, Briefed):
    """A treaty, agreement, memorandum or arrangement."""

    prose: ClassVar[str] = "summary"

    id: Slug
    title: Text
    kind: AgreementKind
    parties: tuple[Text, ...] = Field(default=(), description="as the source names them")
    status: AgreementStatus
    date: DateValue = Field(
        default_factory=lambda: FuzzyDate(None),
        description="the date its status dates, as precise as the source: when negotiations "
        "were mandated or began, when it was signed, since when it is in force or in place, "
        "when it expired (printed 'Signed July 2020', 'In place since 1979')",
    )
    summary: Text | None = None
    brief: Text | None = brief_field("summary")


class Facility(Fact, Briefed):
    """A ground station, antenna, centre or other site."""

    prose: ClassVar[str] = "summary"

    name: Text
    location: Text | None = None
    operator: Text | None = None
    purpose: Text | None = None
    date: DateValue | None = Field(default=None, description="opened, inaugurated or built")
    summary: Text | None = None
    brief: Text | None = brief_field("summary")


class ProgramKind(str, Enum):
    program = "program"
    mission = "mission"
    initiative = "initiative"


class Program(Fact, Briefed):
    """A program, mission or initiative the partners work on."""

    prose: ClassVar[str] = "summary"

    name: Text
    kind: ProgramKind
    summary: Text | None = None
    brief: Text | None = brief_field("summary")
    date: DateValue | None = None


class Event(Fact, Briefed):
    """A dated or undated statement: a milestone, an event or a highlight."""

    text: Text
    brief: Text | None = brief_field("text")
    date: DateValue | None = None
    label: Text | None = Field(
        default=None,
        description="a short label for timelines and tables (default: the text), so that "
        "a pack does not print the full sentence twice",
    )


class Narrative(Fact, Briefed):
    """A paragraph of prose."""

    text: Text
    brief: Text | None = brief_field("text")


class Area(Fact):
    """A field of cooperation."""

    name: Text


class KeyMessage(Model):
    """A point to make: our position, so a source is optional (a fact in it cites one)."""

    text: Text
    sources: tuple[SourceId, ...] = Field(
        default=(), description="ids of the sources of any fact the message states"
    )
    marking: MarkingValue | None = None


class PartnerKind(str, Enum):
    country = "country"
    organisation = "organisation"
    group = "group"


class Partner(Model):
    """One partner: a country, an international organisation or a group of countries.

    The id is the file name: an ISO 3166-1 alpha-2 code (lower case) for a country, else a slug.
    """

    id: Slug
    kind: PartnerKind
    name: Text | None = Field(
        default=None, description="display name; a country's defaults to its ISO 3166 name"
    )
    country: CountryCode | None = Field(default=None, description="ISO alpha-2 code, for a country")
    marking: MarkingValue | None = None
    agencies: tuple[Agency, ...] = ()
    partnership_length: Narrative | None = Field(
        default=None,
        description="how long the partnership has lasted, in the source's words "
        "(e.g. 'more than 45 years of treaty level science cooperation')",
    )
    overview: tuple[Narrative, ...] = ()
    key_messages: tuple[KeyMessage, ...] = Field(
        default=(), description="what we want this partner to hear, in any meeting"
    )
    talking_points: tuple[KeyMessage, ...] = Field(
        default=(), description="points an executive can draw on in conversation"
    )
    cooperation_areas: tuple[Area, ...] = ()
    programs: tuple[Program, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    facilities: tuple[Facility, ...] = ()
    milestones: tuple[Event, ...] = ()
    events: tuple[Event, ...] = ()
    highlights: tuple[Event, ...] = ()
    people: tuple[Person, ...] = ()
    images: tuple[Image, ...] = ()
    sources: tuple[Source, ...] = Field(default=(), description="sources used by this file only")

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.kind is PartnerKind.country and self.country:
            return country_name(self.country)
        return self.id

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


class ContactDetails(Model):
    """Ways to reach someone."""

    name: Text | None = None
    role: Text | None = None
    email: Email | None = Field(default=None, description="one e-mail address")
    phone: Text | None = None
    url: WebLink | None = Field(default=None, description=_LINK_HELP)


class Contact(ContactDetails):
    """An organisation's point of contact: an email, a phone or a web page."""

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.email or self.phone or self.url):
            raise ValueError("a contact needs an email, a phone or a url")
        return self


class Officer(Model):
    """A contact officer: a name and a position, with a phone or an email."""

    name: Text
    position: Text
    phone: Text | None = None
    email: Email | None = Field(default=None, description="one e-mail address")

    @model_validator(mode="after")
    def _phone_or_email(self) -> Officer:
        if not (self.email or self.phone):
            raise ValueError("a contact officer needs a phone or an email")
        return self


class Clearance(Model):
    """Who cleared a brief, and when."""

    name: Text
    position: Text
    date: date


class DocumentControl(Model):
    """A brief's document control: who prepared it, who to call, who cleared it, its
    reference and version.  The organisation's values apply to every pack; a visit's
    override them field by field."""

    prepared_by: Text | None = Field(
        default=None, description="the area that prepared the brief (default: the organisation)"
    )
    contact_officer: Officer | None = None
    cleared_by: Clearance | None = None
    reference: Text | None = Field(
        default=None,
        description="reference number; {id} and {edition} are replaced by the pack's id and "
        "edition date (YYYYMMDD)",
    )
    version: Text | None = Field(
        default=None,
        description="version, e.g. '1.0' (default: '1'); an edition built with --since "
        "that keeps its base's version takes the next one ('1.0' -> '1.1')",
    )

    def over(self, base: DocumentControl) -> DocumentControl:
        """These values where given, else ``base``'s."""
        given = {k: v for k, v in self if v is not None}
        return base.model_copy(update=given)


class Organisation(Model):
    """The home organisation that prepares the packs."""

    name: Text
    acronym: Text | None = None
    head: Person
    overview: tuple[Narrative, ...] = Field(default=(), description="who the organisation is")
    people: tuple[Person, ...] = Field(default=(), description="staff who may attend visits")
    contact: Contact | None = None
    acknowledgement: tuple[Narrative, ...] = Field(
        default=(), description="acknowledgement of Country, paragraph by paragraph"
    )
    document_control: DocumentControl = Field(
        default_factory=lambda: DocumentControl(),
        description="defaults for every pack's document control block",
    )
    handling: Text | None = Field(
        default=None,
        description="handling statement printed on page 1 of packs marked OFFICIAL: "
        "Sensitive or above; {marking} is replaced by the pack's marking (default: the "
        "PSPF's need-to-know wording)",
    )
    sources: tuple[Source, ...] = ()

    def person(self, person_id: str) -> Person | None:
        if self.head.id == person_id:
            return self.head
        return next((p for p in self.people if p.id == person_id), None)


class Region(Briefed):
    """A named group of partners."""

    prose: ClassVar[str] = "summary"

    id: Slug
    name: Text
    summary: Text | None = None
    brief: Text | None = brief_field("summary")
    members: tuple[Slug, ...] = Field(min_length=1, description="partner ids")
    sources: tuple[SourceId, ...] = Field(default=(), description="sources of the summary")
    picture: tuple[Narrative, ...] = Field(
        default=(),
        description="the regional picture: paragraphs about the region as a whole, not one "
        "partner, printed under 'Region overview' after the summary",
    )
    priorities: tuple[KeyMessage, ...] = Field(
        default=(),
        description="the organisation's priorities in the region, one point each, printed "
        "under 'Regional priorities'",
    )
    highlights: tuple[Event, ...] = Field(
        default=(), description="the source's highlights of the region as a whole"
    )


class Term(Fact):
    """A name a pack spells out at its first mention: "Japan Aerospace Exploration Agency
    (JAXA)".  An agency's own ``name`` and ``acronym`` need no entry."""

    acronym: Text = Field(description="the short form as the text uses it, e.g. CSIRO")
    name: Text = Field(
        description="the name in full, as a source gives it, e.g. Commonwealth Scientific "
        "and Industrial Research Organisation"
    )
    article: Literal["the"] | None = Field(
        default=None,
        description="'the' when the name in full takes it where the short form does not "
        "('at IAC 2025' reads 'at the International Astronautical Congress (IAC) 2025')",
    )


class GlossaryFile(Model):
    """``data/glossary.yaml``: names spelt out at their first mention in each pack."""

    terms: tuple[Term, ...] = Field(
        default=(), description="names and their short forms, each citing its sources"
    )


class RegionsFile(Model):
    """``data/regions.yaml``."""

    note: Text | None = Field(default=None, description="how the grouping was made")
    regions: tuple[Region, ...] = ()


class SourcesFile(Model):
    """``data/sources.yaml``: sources shared by every file."""

    sources: tuple[Source, ...] = ()


# ---------------------------------------------------------------- visits


class PersonRef(Model):
    """A person of a partner's data, by partner id and person id."""

    partner: Slug
    person: PersonId


class VisitPerson(Model):
    """A person given inline in a visit file (not in any partner's data)."""

    name: Text
    honorific: Text | None = None
    form_of_address: FormOfAddress = None
    pronunciation: Pronunciation = None
    role: Text
    organisation: Text | None = None
    bio: Text | None = None
    career: Career = ()
    languages: Languages = ()
    photo: Portrait | None = None
    previous_meetings: tuple[Meeting, ...] = ()


def has_biography(person: Person | VisitPerson) -> bool:
    """Whether a person's record says anything beyond name and role (a bio or a career)."""
    return bool(person.bio or person.career)


BackgroundSection = Literal[
    "overview", "agreements", "cooperation_areas", "programs", "facilities", "timeline"
]
"""The partner sections a visit's background may print (``timeline``: the partner's
highlights, milestones and events)."""


class BackgroundItem(Model):
    """One part of a visit's background: a whole section of a partner's data, or one
    record of it."""

    partner: Slug = Field(description="the partner's id, e.g. jp")
    section: BackgroundSection | None = Field(
        default=None,
        description="a whole section: overview, agreements, cooperation_areas, programs, "
        "facilities or timeline",
    )
    record: Text | None = Field(
        default=None,
        description="one record: an agreement's or record's id, or a program's, facility's "
        "or cooperation area's name, e.g. MMX",
    )

    @model_validator(mode="after")
    def _section_or_record(self) -> BackgroundItem:
        if (self.section is None) == (self.record is None):
            raise ValueError(
                "give either section: or record:, e.g. {partner: jp, section: programs} "
                "or {partner: jp, record: MMX}"
            )
        return self


class Ask(Model):
    """What the other side is likely to ask, and our response."""

    text: Text = Field(description="the likely ask, in a sentence")
    response: Text | None = Field(default=None, description="what we say if it is asked")
    marking: MarkingValue | None = None


class Participant(Model):
    """One person at a meeting: a person whose record exists, by id (``person:`` alone for
    the organisation's people, with ``partner:`` for a partner's), or a name and title."""

    partner: Slug | None = Field(
        default=None, description="the partner whose data holds the person, e.g. esa"
    )
    person: PersonId | None = Field(
        default=None,
        description="a person's id: in data/organisation.yaml, or, with partner:, in that "
        "partner's file, e.g. enrico-palermo",
    )
    name: Text | None = Field(
        default=None, description="a person with no record: their name, with title:"
    )
    title: Text | None = Field(
        default=None,
        description="their position, e.g. 'Director, Space Policy' (a person named by id "
        "takes the role their record gives)",
    )
    marking: MarkingValue | None = None

    @model_validator(mode="after")
    def _by_id_or_name(self) -> Participant:
        if (self.person is None) == (self.name is None):
            raise ValueError(
                "name a participant by id or by name and title, not both, e.g. "
                "{person: enrico-palermo}, {partner: esa, person: rolf-densing} or "
                "{name: Jane Citizen, title: 'Director, Space Policy'}"
            )
        if self.name is not None and (self.partner is not None or self.title is None):
            raise ValueError(
                "a participant written by name takes name: and title:, e.g. "
                "{name: Jane Citizen, title: 'Director, Space Policy'}; to name a partner's "
                "person by id, write {partner: esa, person: rolf-densing}"
            )
        return self


class MeetingHandling(Model):
    """How a meeting is handled: the press, interpreting and gifts."""

    press: Literal["open", "closed"] | None = Field(
        default=None, description="open (media present) or closed"
    )
    interpreter: Text | None = Field(default=None, description="who interprets, or 'not needed'")
    gifts: Text | None = Field(default=None, description="gifts to give or expect")
    marking: MarkingValue | None = None


class MeetingBrief(Model):
    """A program item's own brief: one page a principal reads before the meeting.  Its
    text items are marked and cited as a visit's key messages and likely asks are."""

    contributed: Slug | None = Field(
        default=None,
        description="a contributed brief (data/briefs/ID.md) whose text this meeting's page "
        "prints; writing brief: ID on the program item says the same",
    )
    purpose: Text | None = Field(default=None, description="why the meeting is held")
    ours: tuple[Participant, ...] = Field(
        default=(), description="our participants, e.g. [{person: enrico-palermo}]"
    )
    theirs: tuple[Participant, ...] = Field(
        default=(),
        description="the other side's participants, e.g. [{partner: esa, person: "
        "josef-aschbacher}]",
    )
    outcomes: tuple[KeyMessage, ...] = Field(
        default=(), description="the outcomes sought from the meeting"
    )
    talking_points: tuple[KeyMessage, ...] = Field(
        default=(), description="points to make, each with the sources of the facts it states"
    )
    likely_asks: tuple[Ask, ...] = Field(
        default=(), description="what they are likely to ask, with our responses"
    )
    handling: MeetingHandling | None = Field(
        default=None, description="press (open or closed), interpreter and gifts"
    )
    sources: tuple[SourceId, ...] = Field(
        default=(), description="ids of the sources the purpose draws on"
    )
    marking: MarkingValue | None = Field(
        default=None,
        description="marking of the whole brief, when above the default: an edition built "
        "with a lower --max-marking leaves it out",
    )


def _brief_by_id(value: Any) -> Any:
    """``brief: ID`` on a program item: the contributed brief ``data/briefs/ID.md``."""
    return {"contributed": value} if isinstance(value, str) else value


MeetingBriefValue = Annotated[
    MeetingBrief | None,
    BeforeValidator(_brief_by_id, json_schema_input_type=MeetingBrief | Slug | None),
]
"""A program item's brief: written out, or a contributed brief's id."""


class ProgramItem(Model):
    date: date
    start: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    end: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None
    activity: Text
    location: Text | None = None
    attendees: tuple[Text, ...] = ()
    notes: Text | None = None
    marking: MarkingValue | None = None
    brief: MeetingBriefValue = Field(
        default=None,
        description="the meeting's own brief (purpose, ours, theirs, outcomes, "
        "talking_points, likely_asks, handling), or a contributed brief's id: printed on a "
        "page of its own (see docs/visit-briefs.md)",
    )


ATTACHMENT_FILES = (".pdf", ".docx", ".png", ".jpg", ".jpeg")
"""The kinds of file a pack binds in as an attachment."""


class Attachment(Model):
    """A document attached to a brief: a partner's full brief, a contributed brief, a
    meeting's brief, a file in the workspace (a PDF, a Word document or a picture) bound
    into the pack, or another document (listed, with a note)."""

    title: Text
    partner: Slug | None = Field(
        default=None, description="a partner id: attach that partner's full brief"
    )
    file: str | None = Field(
        default=None,
        description="a file in the workspace to bind in (PDF, .docx, PNG or JPEG), "
        "e.g. attachments/draft-mou.pdf",
    )
    marking: MarkingValue | None = Field(
        default=None,
        description="the file's protective marking (required with file), e.g. OFFICIAL",
    )
    alt: Text | None = Field(
        default=None,
        description="what a picture shows, for a reader who cannot see it (required for a picture)",
    )
    brief: Slug | None = Field(
        default=None,
        description="a contributed brief's id (data/briefs/ID.md): bound in as an "
        "attachment, not printed in the brief's body",
    )
    meeting: Text | None = Field(
        default=None,
        description="a program item's activity, as typed there: its meeting brief is bound "
        "in as an attachment, not printed on a page of the brief, e.g. Bilateral meeting",
    )
    note: Text | None = Field(default=None, description="where to find it, what it is")

    @model_validator(mode="after")
    def _one_kind(self) -> Attachment:
        given = [k for k in ("partner", "file", "brief", "meeting") if getattr(self, k)]
        if len(given) > 1:
            raise ValueError(
                f"give one of partner:, file:, brief: or meeting:, not {' and '.join(given)}, "
                "e.g. {title: Cooperative Agreement issue brief, brief: coop-agreement}"
            )
        if given and given[0] in ("brief", "meeting") and self.marking is not None:
            raise ValueError(
                f"an attachment named by {given[0]}: takes the marking of what it prints: "
                f"leave out marking: (mark the brief itself), e.g. {{title: {self.title}, "
                f"{given[0]}: {getattr(self, given[0])}}}"
            )
        return self

    @model_validator(mode="after")
    def _file_declared(self) -> Attachment:
        if self.file is None:
            return self
        if not self.file.lower().endswith(ATTACHMENT_FILES):
            raise ValueError(
                f"file {self.file!r}: attach a PDF, a .docx, a PNG or a JPEG, e.g. "
                "attachments/draft-mou.pdf"
            )
        if self.marking is None:
            raise ValueError(
                "an attached file needs its marking (briefgen cannot read it from the "
                "file), e.g. marking: OFFICIAL"
            )
        if self.file.lower().endswith((".png", ".jpg", ".jpeg")) and not self.alt:
            raise ValueError(
                "an attached picture needs alt: what it shows, e.g. alt: Map of the "
                "ground station sites in Western Australia"
            )
        return self


class VisitContact(ContactDetails):
    """A visit contact: a name and a role, with a phone or an email."""

    name: Text
    duty: bool = Field(
        default=False,
        description="true for the duty contact during the visit: named on the "
        "visit-at-a-glance page",
    )

    @model_validator(mode="after")
    def _phone_or_email(self) -> VisitContact:
        if not (self.email or self.phone):
            raise ValueError("a contact needs a phone or an email")
        return self


class VisitProtocol(Model):
    """Protocol for a visit: what to give, who goes first, what to wear, what to serve."""

    gifts: tuple[KeyMessage, ...] = Field(
        default=(), description="gifts to give or expect, and how to present them"
    )
    precedence: tuple[KeyMessage, ...] = Field(
        default=(), description="order of precedence, seating, who speaks first"
    )
    dress: tuple[KeyMessage, ...] = Field(default=(), description="what to wear, event by event")
    dietary: tuple[KeyMessage, ...] = Field(default=(), description="dietary needs of the guests")


class Commission(Model):
    """A contributed brief a visit asks for: which one, of whom, by when."""

    id: Slug = Field(description="the brief's id: its file is data/briefs/ID.md")
    team: Text = Field(description="the team asked to write it, e.g. Space Policy Branch")
    due: date = Field(description="when it is due (YYYY-MM-DD), e.g. 2026-11-20")
    title: Text | None = Field(
        default=None,
        description="its heading in the pack until the brief's own file gives one",
    )


SENSITIVE = Marking.parse("OFFICIAL: Sensitive")
"""The marking of a visit's if-raised points and sensitivities that give none."""


class Visit(Model):
    """A delegation visit, inbound or outbound, and what the brief for it must say."""

    id: Slug
    title: Text
    partners: tuple[Slug, ...] = Field(min_length=1)
    direction: Literal["inbound", "outbound"]
    dates: DateValue = Field(description="a day or a span of days, e.g. 2026-12-01/2026-12-03")
    locations: tuple[Text, ...] = ()
    status: Literal["draft", "final"] = "draft"
    marking: MarkingValue | None = None
    edition: date | None = None
    purpose: Text | None = None
    objectives: tuple[Text, ...] = ()
    delegation: tuple[PersonRef | VisitPerson, ...] = ()
    attendees: tuple[PersonId, ...] = Field(default=(), description="home organisation people")
    program: tuple[ProgramItem, ...] = ()
    key_messages: tuple[KeyMessage, ...] = ()
    if_raised: tuple[KeyMessage, ...] = ()
    sensitivities: tuple[KeyMessage, ...] = ()
    their_objectives: tuple[KeyMessage, ...] = Field(
        default=(), description="what the other side wants from the visit"
    )
    likely_asks: tuple[Ask, ...] = Field(
        default=(), description="what they are likely to ask, with our responses"
    )
    logistics: tuple[Text, ...] = ()
    protocol: VisitProtocol | None = Field(
        default=None, description="gifts, precedence, dress and dietary needs"
    )
    interpreting: tuple[KeyMessage, ...] = Field(
        default=(), description="interpreting arrangements and advice"
    )
    media_lines: tuple[KeyMessage, ...] = Field(
        default=(), description="what to say to the media, each with its sources"
    )
    security: tuple[KeyMessage, ...] = Field(
        default=(), description="security and handling advice for the visit"
    )
    contacts: tuple[VisitContact, ...] = ()
    attachments: tuple[Attachment, ...] = Field(
        default=(),
        description="attached documents; default: each partner's full brief",
    )
    document_control: DocumentControl | None = Field(
        default=None, description="this brief's document control, over the organisation's"
    )
    background: tuple[BackgroundItem, ...] = Field(
        default=(),
        description="what the brief prints as background: partner sections or records, "
        "e.g. [{partner: jp, section: programs}, {partner: jp, record: MMX}]; default: "
        "each partner's overview and agreements",
    )
    briefs: tuple[Commission, ...] = Field(
        default=(),
        description="contributed briefs the visit asks for, in the order the pack prints "
        "them, e.g. [{id: mmx-samples, team: Science Branch, due: 2026-11-20}] (block "
        "style is safer: see docs/visit-briefs.md)",
    )
    sources: tuple[SourceId, ...] = ()

    @field_validator("if_raised", "sensitivities")
    @classmethod
    def _sensitive_by_default(cls, items: tuple[KeyMessage, ...]) -> tuple[KeyMessage, ...]:
        """Defensive points and handling notes are OFFICIAL: Sensitive unless marked."""
        return tuple(
            m if m.marking is not None else m.model_copy(update={"marking": SENSITIVE})
            for m in items
        )

    @model_validator(mode="after")
    def _check_program(self) -> Visit:
        first, last = self.dates.earliest(), self.dates.latest()
        if first is None or last is None:
            raise ValueError("a visit needs known dates")
        previous: tuple[date, str] | None = None
        for i, item in enumerate(self.program):
            if not first <= item.date <= last:
                raise ValueError(
                    f"program[{i}].date: {item.date.isoformat()} is outside the visit's dates "
                    f"({self.dates.format()})"
                )
            key = (item.date, item.start or "")
            if previous is not None and key < previous:
                raise ValueError(
                    f"program[{i}].date: this item comes before the one above it; "
                    "list the program in time order"
                )
            if item.start and item.end and item.end < item.start:
                raise ValueError(f"program[{i}].end: ends before it starts")
            previous = key
        return self


# ---------------------------------------------------------------- contributed briefs

BriefKind = Literal[
    "issue", "background", "talking points", "media lines", "protocol", "run sheet", "other"
]
"""What kind of contributed brief a file holds."""


class Signatory(Model):
    """Who cleared a contributed brief: a name and a position."""

    name: Text = Field(description="e.g. Jane Citizen")
    position: Text = Field(description="e.g. 'Director, Space Policy'")


class BriefFront(Model):
    """The front matter of a contributed brief, ``data/briefs/ID.md``: the YAML between the
    two ``---`` lines at its top.  The text below them is the brief, in Markdown."""

    title: Text = Field(description="the brief's title, its heading in the pack")
    kind: BriefKind = Field(
        description="issue, background, talking points, media lines, protocol, run sheet or other"
    )
    team: Text = Field(description="the team that owns the brief, e.g. Space Policy Branch")
    contact: Officer | None = Field(
        default=None, description="the brief's contact officer: name, position, phone or email"
    )
    marking: MarkingValue | None = Field(
        default=None,
        description="protective marking of the brief and its text, when above the default; "
        "an edition built with a lower --max-marking leaves the whole brief out",
    )
    status: Literal["requested", "drafted", "cleared"] = Field(
        default="drafted", description="requested (no text yet), drafted or cleared"
    )
    cleared_by: Signatory | None = Field(
        default=None, description="who cleared it (name, position); with status: cleared"
    )
    cleared_on: date | None = Field(
        default=None, description="the day it was cleared (YYYY-MM-DD); with status: cleared"
    )
    due: date | None = Field(default=None, description="when the text is due (YYYY-MM-DD)")
    review_on: date | None = Field(
        default=None,
        description="for a stock brief reused across packs: the day to review it by (YYYY-MM-DD)",
    )
    sources: tuple[SourceId, ...] = Field(
        default=(), description="ids of the sources the brief draws on (cited in the pack)"
    )
    packs: tuple[Slug, ...] = Field(
        default=(),
        description="ids of the visits whose packs print the brief, besides those that "
        "commission it (briefs:), e.g. [jp-visit]",
    )

    @model_validator(mode="after")
    def _clearance(self) -> BriefFront:
        cleared = self.status == "cleared"
        if cleared and (self.cleared_by is None or self.cleared_on is None):
            raise ValueError(
                "status: a cleared brief says who cleared it and when: add cleared_by: "
                "(name:, position:) and cleared_on: YYYY-MM-DD"
            )
        if not cleared and (self.cleared_by is not None or self.cleared_on is not None):
            raise ValueError(
                "status: cleared_by and cleared_on go with status: cleared "
                f"(this brief says status: {self.status})"
            )
        return self


class Brief(BriefFront):
    """A contributed brief: its front matter, its id (from the file name) and its text."""

    id: Slug
    body: str = Field(
        default="",
        description="not a front matter field: the brief's text, the Markdown below the "
        "front matter",
    )
    body_line: int = Field(
        default=1, description="not a front matter field: the file line the text starts on"
    )


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the data files, by file kind.  A partner's or visit's id comes from
    its file name, so the file need not give it."""
    schemas = {
        "organisation": Organisation.model_json_schema(),
        "partner": Partner.model_json_schema(),
        "regions": RegionsFile.model_json_schema(),
        "sources": SourcesFile.model_json_schema(),
        "glossary": GlossaryFile.model_json_schema(),
        "visit": Visit.model_json_schema(),
        "brief": BriefFront.model_json_schema(),
    }
    for kind in ("partner", "visit"):
        schema = schemas[kind]
        schema["required"] = [f for f in schema.get("required", []) if f != "id"]
        schema["properties"]["id"]["description"] = (
            "optional: the file name gives the id (jp.yaml is 'jp'); if given, it must match"
        )
    return schemas
