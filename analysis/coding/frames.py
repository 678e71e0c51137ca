"""The records the extractor works with: a piece of evidence (:class:`Ev`), a frame
(one clause telling of an attack or strike, :class:`Frame`) and an incident (the frames
that tell of one event, :class:`Incident`), plus the schema columns a draft fills.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .dates import DateMention
from .lexicon import OPPOSITE
from .segment import Sentence

__all__ = ["Ev", "Frame", "Incident", "best_date", "opposite", "source_id_of", "SCHEMA_COLUMNS",
           "CASUALTY_FIELDS", "CASUALTY_COLUMNS", "casualty_role"]

#: The schema's casualty columns, by role (the acting side's own losses are ``actor_*``,
#: those of the side it hit ``target_*``), each with the ``_low``/``_high`` of a range.
CASUALTY_FIELDS = ["target_killed", "target_wounded", "actor_killed", "actor_wounded"]
CASUALTY_COLUMNS = [f"{f}{s}" for f in CASUALTY_FIELDS for s in ("", "_low", "_high")]

#: The incident-schema columns a draft fills (the schema may have more; they stay empty).
SCHEMA_COLUMNS = ["incident_id", "date", "date_precision", "time_local", "confirmation",
                  "confirmation_basis", "side", "target_side", "event_type", "actor",
                  "claimed_by", "target_actor", "country", "admin1", "location", "site_id",
                  "latitude", "longitude", "weapon", "n_attacks", *CASUALTY_COLUMNS,
                  "retaliation_for_text", "sources", "note"]


def source_id_of(source: str) -> str:
    """The dataset's id of a source: the first 12 hex digits of the SHA-1 of the URL
    (or of ``seed:<file name>``), as in ``data/processed/sources.csv``."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


@dataclass
class Ev:
    """A piece of evidence for one field (normalised span)."""

    field: str
    value: object
    start: int
    end: int
    confidence: float
    rule: str


@dataclass
class Frame:
    sent: Sentence
    start: int
    end: int
    kind: str                       # clause kind: main, reason, contrast
    triggers: list
    mentions: dict = field(default_factory=dict)    # cat -> list
    side: str | None = None
    side_ev: Ev | None = None
    target: str | None = None
    target_ev: Ev | None = None
    agent_actors: list = field(default_factory=list)
    target_actors: list = field(default_factory=list)
    claim_actors: list = field(default_factory=list)
    anaphoric: bool = False
    plural: bool = False
    trig_kind: str = "neutral"
    date: tuple | None = None        # (date, precision, conf, note, Ev, has_time)
    anchor_mention: DateMention | None = None
    attribution: set = field(default_factory=set)
    scope: str = ""                  # reason the frame is outside the dyad
    time: tuple | None = None        # ("HH:MM", Ev)
    countries: list = field(default_factory=list)   # (country, Ev, is_site)
    sites: list = field(default_factory=list)       # Mention (place)
    weak: bool = False
    order: int = 0
    lead_default: bool = False
    generic: str = ""                # why the frame is only context (a tally, a threat ...)
    generic_trigs: list = field(default_factory=list)   # its triggers that are only context
    weak_countries: list = field(default_factory=list)   # countries only named as a border
    head: "Frame | None" = None      # for "الأولى ... والثانية ...": the clause announcing them
    said_date: bool = False          # dated only by a saying's date (the act may be a day off)
    own_day: bool = False            # one of coordinated days ("يومي الثلاثاء والأربعاء"): no
    #                                  merging with an incident of another day


@dataclass
class Incident:
    side: str
    frames: list = field(default_factory=list)
    cid: int = 0

    @property
    def date(self):
        return best_date(self.frames)


def best_date(frames):
    best = None
    best_key = None
    for f in frames:
        if f.date is None:
            continue
        d, prec, conf, note, ev, has_time = f.date
        rank = {"day": 3, "week": 2, "month": 1}.get(prec, 0)
        key = (rank, has_time, not f.lead_default, conf, -f.order)
        if best_key is None or key > best_key:
            best, best_key = f.date, key
    return best


def opposite(side: str) -> str:
    return OPPOSITE.get(side, "")


def casualty_role(group: str, side: str | None, target: str | None) -> str | None:
    """The role of the side ``group`` whose casualties a report gives, in an incident of
    ``side`` against ``target``: ``"target"``, ``"actor"`` or None (a side that is
    neither, e.g. a bystander: the figure is not placed in a role column)."""
    if group and group == target:
        return "target"
    if group and group == side:
        return "actor"
    return None
