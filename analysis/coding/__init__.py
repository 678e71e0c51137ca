"""Draft incident rows from Arabic news reports, with provenance, for review.

``code_report(text, published=None, source=None)`` returns one draft per incident and
site the report tells (the dataset's granularity: one action by one side at one place on
one local day), in the dataset's schema, each field with the span of the text it came
from and a confidence. ``escalation-review`` (:mod:`analysis.coding.review`) shows
the drafts beside the text and appends the accepted rows, validated like
``read_incidents``. Modules: :mod:`.normalize` (pyarabic-based normalisation with an
index map back to the original text), :mod:`.numbers`, :mod:`.dates`,
:mod:`.casualties`, :mod:`.lexicon` (actors and places from the dataset's tables),
:mod:`.segment` (sentences, clauses, headline and lead), :mod:`.cues` (every cue word
of the coder), :mod:`.frames` (its records), :mod:`.extract` (the pipeline: five stage
functions, text -> ``extract.Document`` -> ``extract.Mentions`` -> frames ->
incidents -> drafts),
:mod:`.sites` (which places of an incident are distinct sites), :mod:`.drafts` (incidents
to rows, one per site), :mod:`.review` (the review flow and CLI),
:mod:`.evaluate` (scoring against gold labels), :mod:`.intervals` (the intervals of its
shares, clustered by report) and :mod:`.scores` (the committed scores notebook 06 reads,
for machines without the texts).
"""

from .extract import DRAFT_COLUMNS, PROVENANCE_FIELDS, code_report, evidence_table, source_id_of

__all__ = ["code_report", "evidence_table", "source_id_of", "DRAFT_COLUMNS", "PROVENANCE_FIELDS"]
