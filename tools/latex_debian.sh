#!/usr/bin/env bash
# Install Debian's minimal TeX (pdflatex + booktabs) for tests/test_latex.py, which
# compiles the package's LaTeX tables and values macro files. Called by `make test`.
#   texlive-latex-base         pdflatex, the LaTeX kernel, article class
#   texlive-latex-recommended  booktabs
# (--no-install-recommends: about 16 packages, ~80 MB, ~45 s on a 2-core machine.)
# Without root or password-less sudo it only says how to install them and exits 0: the
# tests then skip with that reason -- unless ESCALATION_REQUIRE_LATEX=1 (set by .ci/run),
# where a missing pdflatex is an error.
set -euo pipefail
if command -v pdflatex >/dev/null 2>&1 && kpsewhich booktabs.sty >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        msg="latex: pdflatex with booktabs is missing; install it with: apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended"
        echo "$msg" >&2
        if [ "${ESCALATION_REQUIRE_LATEX:-0}" = 1 ]; then exit 1; fi
        exit 0
    fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "latex: not a Debian system (no apt-get); install pdflatex and booktabs yourself" >&2
    if [ "${ESCALATION_REQUIRE_LATEX:-0}" = 1 ]; then exit 1; fi
    exit 0
fi
echo "latex: installing Debian's texlive-latex-base and texlive-latex-recommended" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends texlive-latex-base \
    texlive-latex-recommended >/dev/null
