"""Errors and warnings of the package. Every message says what to do about it."""

from __future__ import annotations


class DataError(ValueError):
    """An input table breaks the incident schema.

    The message names the file, the row, the column and the offending value; the same
    facts are attributes, so code can act on them.

    Attributes
    ----------
    file : str or None
        Path of the file (or ``"<DataFrame>"``).
    row : int or None
        1-based data row (the first row after the header is row 1).
    line : int or None
        1-based physical line in a CSV file (the header is line 1).
    column : str or None
    value : object
    reason : str
    """

    def __init__(self, reason, *, file=None, row=None, line=None, column=None,
                 value=None, more=0):
        self.reason = reason
        self.file = None if file is None else str(file)
        self.row = row
        self.line = line
        self.column = column
        if type(value).__module__ == "numpy" and hasattr(value, "item"):
            value = value.item()          # np.int64(3) -> 3 in messages
        self.value = value
        self.more = more
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.row is not None:
            row = f"row {self.row}"
            if self.line is not None and self.line != self.row:
                row += f" (line {self.line})"
            where.append(row)
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        msg = ", ".join(where)
        msg = f"{msg}: {self.reason}" if msg else self.reason
        if self.more:
            msg += (f" (and {self.more} more problem{'s' if self.more > 1 else ''}; "
                    "use errors='collect' to get every rejected row)")
        return msg


class SpecificationError(ValueError):
    """A model was specified in a way that cannot be estimated (say which and how to fix)."""


class EstimationError(RuntimeError):
    """Estimation failed numerically and no usable estimate exists."""


class AnalysisWarning(UserWarning):
    """Base class of the package's warnings (errors in the test configuration)."""


class ConvergenceWarning(AnalysisWarning):
    """The optimiser stopped before convergence; the estimate may be unreliable."""


class ExplosiveWarning(AnalysisWarning):
    """A fitted self-exciting process is explosive (spectral radius >= 1)."""


class TiesWarning(AnalysisWarning):
    """Event times share values (e.g. day-precision dates) where the model needs distinct times."""


class DataWarning(AnalysisWarning):
    """The data are usable but something in them changes what the result means."""


class FigureWarning(AnalysisWarning):
    """A saved figure fails a check of :func:`analysis.plotting.check_figure` (text size,
    overlapping or clipped text, a legend over the data, a width that is not a print width)."""


class FigureError(ValueError):
    """A figure fails :func:`analysis.plotting.check_figure` while the checks are strict
    (``ESCALATION_FIGURE_CHECK=error``, which ``make figures`` sets)."""


def warn(message: str, category: type[Warning] = AnalysisWarning) -> None:
    """Issue a warning attributed to the first caller outside this package.

    ``warnings.warn(..., stacklevel=n)`` needs the right ``n`` at every call site, and
    the right ``n`` changes whenever a public function starts calling through another
    layer; a wrong one points the user at a line inside the package (or inside IPython)
    instead of the line of their own code that caused it. This walks the stack past
    the package's own frames instead, so every warning names the user's line. Use it
    for every warning the package issues.

    Parameters
    ----------
    message : str
        What happened and what to do about it.
    category : type of Warning
        One of the package's warning classes (default :class:`AnalysisWarning`).
    """
    import os
    import sys
    import warnings

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = sys._getframe(1)
    level = 2                        # 1 would name this line, 2 its caller
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
