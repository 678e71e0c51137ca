"""Arabic text normalisation that keeps track of where every character came from.

All matching in :mod:`analysis.coding` runs on a *normalised* copy of the report, so the
lexicons need only one spelling per word: short vowels and other diacritics (tashkeel),
tatweel and invisible direction marks are removed; the alef variants (أ إ آ ٱ) become
ا, alef maqsura ى becomes ي, ta marbuta ة becomes ه, hamza on waw/ya (ؤ ئ) becomes و/ي,
Persian letters (ی ک ۀ ھ) their Arabic counterparts, Arabic-Indic and Persian digits
Latin digits, presentation forms and lam-alef ligatures their plain letters, typographic
quotes a plain ``"``, hashtag underscores a space, and Latin letters lower case. The
letter-level work is done with :mod:`pyarabic.araby` (``strip_tashkeel``,
``normalize_hamza``, ``normalize_ligature``).

:func:`normalize` returns a :class:`NormalizedText`: the normalised string plus, for
every normalised character, the index of the original character it came from, so any
match can be reported as a span of the *original* text (:meth:`NormalizedText.span`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pyarabic.araby as araby

__all__ = ["NormalizedText", "normalize", "normalize_term", "norm_pattern", "compile_pattern",
           "arabic_ratio",
           "repair_text",
           "ARABIC_LETTER"]

#: A regular-expression class of Arabic letters (after normalisation).
ARABIC_LETTER = "\u0621-\u064a"

_INVISIBLE = set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                 "\u2066\u2067\u2068\u2069\ufeff\u061c\u00ad")
_QUOTES = set("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02")
_SINGLE_QUOTES = set("\u2018\u2019\u201a\u201b\u2032")
_DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_SPACES = set("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
              "\u200a\u202f\u205f\u3000\t")
_LETTER_MAP = {
    "\u0671": "\u0627",      # alef wasla
    "\u0672": "\u0627", "\u0673": "\u0627", "\u0675": "\u0627",
    "\u0649": "\u064a",      # alef maqsura -> ya
    "\u06cc": "\u064a", "\u06d2": "\u064a", "\u06d0": "\u064a",   # Persian/Urdu ya
    "\u0629": "\u0647",      # ta marbuta -> ha
    "\u06c0": "\u0647", "\u06be": "\u0647", "\u06c1": "\u0647", "\u06d5": "\u0647",
    "\u06a9": "\u0643", "\u06aa": "\u0643",                        # keheh -> kaf
    "\u0660": "0", "\u0661": "1", "\u0662": "2", "\u0663": "3", "\u0664": "4",
    "\u0665": "5", "\u0666": "6", "\u0667": "7", "\u0668": "8", "\u0669": "9",
    "\u06f0": "0", "\u06f1": "1", "\u06f2": "2", "\u06f3": "3", "\u06f4": "4",
    "\u06f5": "5", "\u06f6": "6", "\u06f7": "7", "\u06f8": "8", "\u06f9": "9",
    "\u066b": ".",           # Arabic decimal separator
    "\u066c": ",",           # Arabic thousands separator
    "\u066a": "%",
    "_": " ", "#": " ",      # hashtags: #القيادة_المركزية -> " القيادة المركزية"
}


@lru_cache(maxsize=4096)
def _norm_char(c: str) -> str:
    """The normalised form of one character (possibly empty or two characters)."""
    if c in _INVISIBLE or c == araby.TATWEEL:
        return ""
    if araby.is_tashkeel(c):
        return ""
    if c in _LETTER_MAP:
        return _LETTER_MAP[c]
    if c in _QUOTES:
        return '"'
    if c in _SINGLE_QUOTES:
        return "'"
    if c in _DASHES:
        return "-"
    if c in _SPACES:
        return " "
    o = ord(c)
    if 0x0600 <= o <= 0x06FF and unicodedata.category(c) == "Mn":
        return ""                      # superscript alef, Quranic marks ...
    if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        # presentation forms: decompose, then normalise each resulting letter
        return "".join(_norm_char(x) for x in araby.normalize_ligature(
            unicodedata.normalize("NFKC", c)))
    if c in araby.HAMZAT or c in araby.ALEFAT:
        c = araby.normalize_hamza(c, method="tasheel")     # أ إ آ -> ا, ؤ -> و, ئ -> ي
        return _LETTER_MAP.get(c, c)
    if c.isascii():
        return c.lower()
    return c


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text and the map back to the original.

    Attributes
    ----------
    original : str
        The text as given.
    text : str
        The normalised text.
    index : tuple of int
        ``index[i]`` is the position in ``original`` of the character that produced
        ``text[i]``.
    """

    original: str
    text: str
    index: tuple

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` came from."""
        if not self.index:
            return (0, 0)
        if end <= start:
            p = self.index[min(start, len(self.index) - 1)]
            return (p, p)
        return (self.index[start], self.index[end - 1] + 1)

    def original_text(self, start: int, end: int) -> str:
        """The original characters behind ``text[start:end]``."""
        a, b = self.span(start, end)
        return self.original[a:b]


#: Country names run together with "and" by a missing space ("العراقوسوريا"): a space is
#: put back before the "و" (typesetting slips in scraped pages).
_COUNTRIES = "العراق|سوريا|سوريه|الاردن|لبنان|ايران|اليمن"
_GLUED = re.compile(rf"(?<![\w])(?:{_COUNTRIES})(?=و(?:{_COUNTRIES})(?![\w]))")


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` (see the module docstring) and keep the index map."""
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        n = _norm_char(c)
        if n:
            out.append(n)
            index.extend([i] * len(n))
    joined = "".join(out)
    cuts = [m.end() for m in _GLUED.finditer(joined)]
    for pos in reversed(cuts):          # the space maps to the "و" it stands before
        joined = joined[:pos] + " " + joined[pos:]
        index.insert(pos, index[pos])
    return NormalizedText(text, joined, tuple(index))


def normalize_term(term: str) -> str:
    """Normalise a lexicon entry the way :func:`normalize` treats text, and collapse
    whitespace (so aliases from the gazetteer and the actor table match the reports)."""
    return re.sub(r"\s+", " ", normalize(term).text).strip()


def arabic_ratio(text: str) -> float:
    """Share of Arabic letters among all letters of ``text`` (0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f"
               or "\ufb50" <= c <= "\ufeff") / len(letters)


_MOJIBAKE = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00ff\u0152\u0153\u0160\u0161"
                       "\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


_HTML_ENTITY = re.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")


def _utf16_of(raw: bytes) -> str | None:
    """``"utf-16"`` for bytes with a UTF-16 BOM, ``"utf-16-le"``/``"utf-16-be"`` for BOM-less
    UTF-16 (NUL bytes in most odd or even positions), else None."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = raw[:2000]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    # Arabic in UTF-16 has 0x06 as the high byte, Latin/ASCII 0x00
    hi_odd = sum(b in (0, 6) for b in odd) / len(odd)
    hi_even = sum(b in (0, 6) for b in even) / len(even)
    nul = head.count(0)
    if nul == 0 and hi_odd < 0.9 and hi_even < 0.9:
        return None
    if hi_odd > 0.9 and hi_even < 0.5:
        return "utf-16-le"
    if hi_even > 0.9 and hi_odd < 0.5:
        return "utf-16-be"
    return None


def repair_text(data) -> tuple[str, list[str]]:
    """Decode bytes and repair common encoding damage.

    Returns the text and a list of notes saying what was done. Bytes are read as UTF-8
    (with or without BOM), else as Windows-1256 (the common legacy Arabic code page).
    UTF-8 Arabic that was mis-decoded as Latin-1/Windows-1252 ("Ø§Ù„...") is repaired.
    Unicode replacement characters (U+FFFD) are removed and reported. UTF-16 bytes (with
    or without BOM) are decoded as UTF-16; HTML character references ("&quot;",
    "&#1575;") are unescaped. Raises ``ValueError`` for bytes that look like UTF-16 but do
    not decode.
    """
    notes: list[str] = []
    if isinstance(data, (bytes, bytearray)):
        raw = bytes(data)
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        utf16 = _utf16_of(raw)
        if utf16:
            try:
                text = raw.decode(utf16)
            except UnicodeDecodeError as e:
                raise ValueError(f"the bytes look like {utf16.upper()} (a NUL byte in every "
                                 f"other position) but do not decode as it (bad byte at offset "
                                 f"{e.start}); save the report as UTF-8") from None
            notes.append(f"the bytes are {utf16.upper()}, not UTF-8; decoded as {utf16.upper()}")
            raw = None
        if raw is not None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                try:
                    text = raw.decode("cp1256")
                except UnicodeDecodeError:
                    text = raw.decode("utf-8", errors="replace")
                    notes.append(f"the bytes are neither UTF-8 nor Windows-1256 (first bad byte at "
                                 f"offset {e.start}); undecodable bytes were dropped")
                else:
                    if arabic_ratio(text) < 0.5:
                        text = raw.decode("utf-8", errors="replace")
                        notes.append(f"the bytes are not valid UTF-8 (first bad byte at offset "
                                     f"{e.start}); undecodable bytes were dropped")
                    else:
                        notes.append("the bytes are not UTF-8; decoded as Windows-1256 (cp1256)")
    else:
        text = data
    if _HTML_ENTITY.search(text):
        # "&quot;", "&#1575;", "&amp;" from a page's HTML source
        fixed = html.unescape(text)
        if fixed != text:
            notes.append("HTML character references (&quot;, &#...;) were unescaped")
            text = fixed
    if len(_MOJIBAKE.findall(text)) >= 3:
        for enc in ("cp1252", "latin-1"):
            try:
                fixed = text.encode(enc).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if arabic_ratio(fixed) > arabic_ratio(text):
                notes.append(f"the text looked like UTF-8 mis-read as {enc} (mojibake) and was "
                             "repaired")
                text = fixed
                break
        else:
            # repair piecewise: runs of mojibake characters only
            def _fix(m):
                s = m.group(0)
                for enc in ("cp1252", "latin-1"):
                    try:
                        return s.encode(enc).decode("utf-8")
                    except (UnicodeEncodeError, UnicodeDecodeError):
                        continue
                return s
            fixed = re.sub("(?:[\u00c2-\u00df][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                           "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122])+",
                           _fix, text)
            if fixed != text and arabic_ratio(fixed) > arabic_ratio(text):
                notes.append("parts of the text looked like UTF-8 mis-read as Windows-1252 "
                             "(mojibake) and were repaired")
                text = fixed
    n_bad = text.count("\ufffd")
    if n_bad:
        notes.append(f"{n_bad} replacement character(s) (U+FFFD) from a broken encoding were "
                     "removed; words around them may be damaged")
        text = text.replace("\ufffd", "")
    return text, notes


def norm_pattern(pattern: str) -> str:
    """Normalise only the Arabic letters of a regular expression written in ordinary
    spelling (so ``"على"`` in a pattern matches the normalised ``"علي"``), leaving the
    regex syntax (``\\s``, ``\\S``, ``#`` ...) alone."""
    return "".join(_norm_char(c) if ("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
                   else c for c in pattern)


def compile_pattern(pattern: str) -> re.Pattern:
    """Compile a regular expression written in ordinary spelling for normalised text:
    ``norm_pattern``, then ``re.compile`` (the one home of the coder's pattern
    helper)."""
    return re.compile(norm_pattern(pattern))
