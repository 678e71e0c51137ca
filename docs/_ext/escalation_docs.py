"""Pages of the documentation site that are generated from the repository itself.

Run by Sphinx before it reads any source (``config-inited``); it writes only into
git-ignored folders of ``docs/`` and rewrites a file only when its text changes, so
incremental builds stay incremental.

* ``docs/api/``: one page per task group of ``docs/api_groups.py`` with an
  ``autosummary`` table, from which autosummary writes one page per public name. Every
  name of ``analysis.__all__`` must be placed in a group (the build stops otherwise);
  the other public names of the defining modules (the results objects ``fit()``
  returns, the plotting helpers, constants) are listed beside them under their module
  path. ``modules.rst`` shows the docstring of every module that holds public names.
* ``docs/_generated/``: the field tables of ``data/datapackage.json``, the glossary
  section of ``CONTRIBUTING.md`` and ``CHANGELOG.md``, included by pages of the guide.
* ``docs/gallery/``: the executed notebooks (``notebooks/executed/NN-name.ipynb``, the
  copies ``make figures`` writes; ``ESCALATION_EXECUTED_NOTEBOOKS`` points elsewhere)
  rendered without running them again, with a target and a "made by" note before each
  cell that saves a figure (linking to the API pages of what the cell calls), and an
  index of thumbnails of ``figures/NN-*.png``, each linking to the cell that made it.
  A notebook without an executed copy is shown as its code and saved figures, with
  a note saying what is missing.

Two docstring adapters run during the build: sections numpydoc does not know are kept
(moved under Notes) instead of dropped, and a reference that Sphinx cannot resolve but
names one documented object of the package (by its last parts, or by the module that
defines it) is linked to it.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import inspect
import json
import os
import re
import shutil
import sys
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
GEN = DOCS / "_generated"
API = DOCS / "api"
GALLERY = DOCS / "gallery"
FIGURES = ROOT / "figures"

#: GitHub address of the repository (for "view the notebook source" links).
REPO_URL = "https://github.com/escalation-analysis/escalation-analysis"


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds exactly that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists() or dst.read_bytes() != src.read_bytes():
        shutil.copyfile(src, dst)


def _prune(folder: Path, keep: set[Path]) -> None:
    """Remove generated files that the current sources no longer produce."""
    if not folder.exists():
        return
    for p in sorted(folder.rglob("*"), reverse=True):
        if p.is_file() and p not in keep:
            p.unlink()
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()


# ---------------------------------------------------------------------------------------
# API reference
# ---------------------------------------------------------------------------------------

def _load_groups():
    sys.path.insert(0, str(DOCS))
    try:
        import api_groups
        importlib.reload(api_groups)
    finally:
        sys.path.remove(str(DOCS))
    return api_groups


def module_extras(package, names: list[str], extra_modules=(), seen=None) -> list[str]:
    """Public names of the modules defining ``names`` (and of ``extra_modules``) that are
    not exported at the top level.

    These are the objects users meet without importing them (results classes returned
    by ``fit()``, bootstrap and test objects) and the plotting helpers the notebooks
    call; they are documented under their module path. A module of ``extra_modules``
    that cannot be imported is skipped. ``seen`` (a list shared between calls) keeps an
    object listed by several modules to its first one.
    """
    exports = package._EXPORTS
    seen = [] if seen is None else seen
    modules = list(dict.fromkeys(exports[n] for n in names if n in exports))
    for name in extra_modules:
        if name not in modules and importlib.util.find_spec(name) is not None:
            modules.append(name)
    out = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr, None)
            if inspect.ismodule(obj):
                continue
            if attr in exports and getattr(package, attr, None) is obj:
                continue          # documented as analysis.<attr>
            # documented once: under the module that defines it when that module lists
            # it too, else under the first module listing it
            home = getattr(obj, "__module__", None)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and home != module_name \
                    and home in modules \
                    and attr in getattr(importlib.import_module(home), "__all__", ()):
                continue
            if not isinstance(obj, (int, float, str, bool, type(None))):
                if any(o is obj for o in seen):
                    continue
                seen.append(obj)
            if f"{module_name}.{attr}" not in out:
                out.append(f"{module_name}.{attr}")
    return out


def all_extras(package, groups) -> dict[str, list[str]]:
    """module_extras of every group, each object in one group only."""
    seen: list = []
    return {slug: module_extras(package, names, groups.EXTRA_MODULES.get(slug, ()), seen)
            for slug, _title, _intro, names in groups.GROUPS}


def package_modules(package) -> list[str]:
    """The package's public modules (no leading underscore), in import-path order."""
    import pkgutil

    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def shadowed_names(package) -> dict[str, str]:
    """Public names that are also the name of a submodule -> the defining module.

    ``analysis.scan`` is both the function ``scan`` and the module ``analysis.scan``;
    the function is documented as ``analysis.scan.scan``.
    """
    out = {}
    for name, module in package._EXPORTS.items():
        if importlib.util.find_spec(f"{package.__name__}.{name}") is not None:
            out[name] = module
    return out


def api_pages(package) -> dict[str, str]:
    """The text of docs/api/index.rst and of one page per non-empty group."""
    groups = _load_groups()
    problems = groups.placement_problems(package)
    if problems:
        raise ConfigError("API groups are out of date:\n  " + "\n  ".join(problems))
    pages = {}
    toc = []
    shadowed = shadowed_names(package)
    extras_by_group = all_extras(package, groups)
    for slug, title, intro, names in groups.GROUPS:
        if not names:
            continue   # a task whose names have not landed yet
        toc.append(slug)
        lines = [title, "=" * len(title), "", intro, "",
                 ".. currentmodule:: analysis", "",
                 ".. autosummary::", "   :toctree: generated/", "   :nosignatures:", ""]
        lines += [f"   {n}" for n in names if n not in shadowed]
        for n in (n for n in names if n in shadowed):
            # ``analysis.<n>`` is also a submodule: document the object under its
            # module, so the module's page and the object's page are different pages
            lines += ["", f".. currentmodule:: {shadowed[n]}", "", ".. autosummary::",
                      "   :toctree: generated/", "   :nosignatures:", "", f"   {n}"]
        extras = extras_by_group[slug]
        if extras:
            sub = "Returned objects and helpers"
            lines += ["", sub, "-" * len(sub), "",
                      "Not imported by ``import analysis`` itself: the objects the names "
                      "above return, and helpers of the same modules.", ""]
            by_module: dict[str, list[str]] = {}
            for e in extras:
                mod, _, attr = e.rpartition(".")
                by_module.setdefault(mod, []).append(attr)
            for mod, attrs in by_module.items():
                lines += [f".. currentmodule:: {mod}", "",
                          ".. autosummary::", "   :toctree: generated/",
                          "   :nosignatures:", ""]
                lines += [f"   {a}" for a in attrs] + [""]
        pages[f"{slug}.rst"] = "\n".join(lines) + "\n"
    index = ["API reference", "=============", "",
             "Every public name of ``analysis`` (``import analysis as ea``), grouped by "
             "the task it serves. The pages are generated from the docstrings of the "
             "installed package; each model page states the model in mathematics, maps "
             "each symbol to the attribute that holds it and ends with an example.", "",
             ".. toctree::", "   :maxdepth: 2", ""]
    index += [f"   {slug}" for slug in toc]
    index += ["   modules"]
    pages["index.rst"] = "\n".join(index) + "\n"
    mods = ["Modules", "=======", "",
            "What each module of the package does, in its own words (the module "
            "docstrings: methods, references, design decisions).", ""]
    described = set(package._EXPORTS.values())
    described |= {m.rpartition(".")[0] for m in described} | {package.__name__}
    others = []
    for name in package_modules(package):
        if name in described:
            mods += [name, "-" * len(name), "", f".. automodule:: {name}",
                     "   :no-members:", ""]
        else:
            others.append(name)
    if others:
        sub = "Other modules"
        mods += [sub, "-" * len(sub), "",
                 "Modules the ones above build on. Where one of them holds public "
                 "objects (results classes, constants), those are documented in the "
                 "task groups under their module path; the rest is internal and may "
                 "change.", ""]
        for name in others:
            mods += [f".. py:module:: {name}", "", f"* ``{name}``", ""]
    pages["modules.rst"] = "\n".join(mods) + "\n"
    return pages


def api_targets(package) -> dict[str, str]:
    """Short name -> fully qualified documented name (for the gallery's links)."""
    groups = _load_groups()
    shadowed = shadowed_names(package)
    extras_by_group = all_extras(package, groups)
    targets = {}
    for slug, _title, _intro, names in groups.GROUPS:
        for n in names:
            targets[n] = f"{shadowed[n]}.{n}" if n in shadowed else f"analysis.{n}"
        for e in extras_by_group[slug]:
            targets.setdefault(e.rsplit(".", 1)[1], e)
    return targets


# ---------------------------------------------------------------------------------------
# Codebook tables from data/datapackage.json
# ---------------------------------------------------------------------------------------

def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def codebook_tables(datapackage: Path) -> str:
    pkg = json.loads(datapackage.read_text(encoding="utf-8"))
    out = []
    for res in pkg["resources"]:
        schema = res.get("schema", {})
        out += [f"# `{res['name']}`", "",
                f"{res.get('description', '')} File: `data/{res.get('path', '')}`."]
        pk = schema.get("primaryKey")
        if pk:
            pk = [pk] if isinstance(pk, str) else pk
            out[-1] += " Primary key: " + ", ".join(f"`{k}`" for k in pk) + "."
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            rfields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            out[-1] += (" " + ", ".join(f"`{f}`" for f in fields) + " refers to `"
                        + (ref.get("resource") or res["name"]) + "."
                        + ", ".join(rfields) + "`.")
        out += ["", "| field | type | required | allowed values | meaning |",
                "|---|---|---|---|---|"]
        for f in schema.get("fields", []):
            c = f.get("constraints", {})
            allowed = ""
            if "enum" in c:
                allowed = ", ".join(f"`{v}`" for v in c["enum"])
            elif "pattern" in c:
                allowed = f"pattern `{c['pattern']}`"
            elif "minimum" in c or "maximum" in c:
                allowed = " ".join(x for x in (
                    f">= {c['minimum']}" if "minimum" in c else "",
                    f"<= {c['maximum']}" if "maximum" in c else "") if x)
            out.append("| " + " | ".join([
                f"`{f['name']}`", _cell(f.get("type", "string")),
                "yes" if c.get("required") else "",
                _cell(allowed), _cell(f.get("description", ""))]) + " |")
        out.append("")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# Glossary and changelog from CONTRIBUTING.md and CHANGELOG.md
# ---------------------------------------------------------------------------------------

def markdown_section(text: str, title_word: str) -> str | None:
    """The section of a Markdown text whose heading contains ``title_word``, without
    that heading, its sub-headings raised to start at level 1 (None if there is none)."""
    lines = text.splitlines()
    in_fence, start, level = False, None, None
    heads = []
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("#"):
            heads.append((i, len(line) - len(line.lstrip("#")), line))
    for k, (i, lev, line) in enumerate(heads):
        if start is None and title_word.lower() in line.lower():
            start, level = i, lev
            end = next((j for j, lv, _ in heads[k + 1:] if lv <= lev), len(lines))
            break
    if start is None:
        return None
    body = []
    in_fence = False
    for line in lines[start + 1:end]:
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("#"):
            depth = len(line) - len(line.lstrip("#"))
            line = "#" * max(1, depth - level) + line[depth:]
        body.append(line)
    return "\n".join(body).strip() + "\n"


def glossary_page(root: Path) -> str:
    src = root / "CONTRIBUTING.md"
    section = markdown_section(src.read_text(encoding="utf-8"), "glossary") \
        if src.exists() else None
    if section is None:
        return ("The glossary of names is kept in the *Glossary* section of "
                "`CONTRIBUTING.md`, which this checkout does not have yet.\n")
    return section


def changelog_page(root: Path) -> str:
    src = root / "CHANGELOG.md"
    if not src.exists():
        return "This checkout has no `CHANGELOG.md` yet.\n"
    text = src.read_text(encoding="utf-8")
    if text.lstrip().startswith("# "):
        # the page has its own title: drop this one, headings start at level 1
        return markdown_section(text, text.lstrip().splitlines()[0][2:]) or "\n"
    return text.strip() + "\n"


# ---------------------------------------------------------------------------------------
# Gallery from the executed notebooks
# ---------------------------------------------------------------------------------------

_SAVE = re.compile(r"save_figure\(\s*[\w.\[\]]+\s*,\s*[\"']([0-9]{2}-[\w-]+)[\"']")
_IDENT = re.compile(r"(?<![\w.])(?:\w+\.)*([A-Za-z_]\w*)\s*\(")


MISSING_EXECUTED = (
    "This build found no executed copy (in `notebooks/executed/`, written by "
    "`make figures`) of {}, so its page shows the notebook's code and the figures it "
    "saved to `figures/`, but not its tables and printed results. Run `make figures` "
    "and then `make docs` to see them.")


def executed_dir() -> Path:
    return Path(os.environ.get("ESCALATION_EXECUTED_NOTEBOOKS",
                               ROOT / "notebooks" / "executed"))


def _has_image(cell) -> bool:
    return any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
               for o in cell.get("outputs", []))


def _title(nb, fallback: str) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def gallery_notebook(nb: dict, stem: str, targets: dict[str, str]) -> tuple[dict, list]:
    """A copy of ``nb`` with a figure note before every cell that saves a figure.

    Returns the notebook and the figures found, as (figure name, target label).
    """
    nb = copy.deepcopy(nb)
    cells, found = [], []
    source_url = f"{REPO_URL}/blob/main/notebooks/{stem}.ipynb"
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
        saved = _SAVE.findall(src)
        if saved:
            called = []
            for name in _IDENT.findall(src):
                if name in targets and targets[name] not in called:
                    called.append(targets[name])
            label = f"fig-{saved[0]}"
            refs = ", ".join(f"{{py:obj}}`~{t}`" for t in called)
            names = ", ".join(f"`figures/{s}.png`" for s in saved)
            text = [f"({label})=", "", ":::{admonition} Figure " + ", ".join(saved),
                    ":class: gallery-figure-note", "",
                    f"Written to {names} by the code cell below"
                    + (f", which calls {refs}" if refs else "") + ". "
                    f"[Notebook source]({source_url}).", ":::", ""]
            cells.append({"cell_type": "markdown", "metadata": {},
                          "source": "\n".join(text), "id": f"gallery-{saved[0]}"})
            for s in saved:
                found.append((s, label))
        cells.append(cell)
        if saved and not _has_image(cell):
            # the executed cell shows no figure (e.g. closed before display): show the
            # saved file instead, so the page still carries what the cell made
            imgs = [f"![{s}](/_generated/figures/{s}.png)" for s in saved
                    if (FIGURES / f"{s}.png").exists()]
            if imgs:
                cells.append({"cell_type": "markdown", "metadata": {},
                              "source": "\n\n".join(imgs), "id": f"saved-{saved[0]}"})
    nb["cells"] = cells
    for i, cell in enumerate(nb["cells"]):
        cell.setdefault("id", f"cell-{i}")
    nb.setdefault("metadata", {}).setdefault("kernelspec", {
        "name": "python3", "display_name": "Python 3", "language": "python"})
    return nb, found


def gallery_pages(targets: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Files of docs/gallery/ (name -> text) and the figure files to copy."""
    src = executed_dir()
    # every notebook of notebooks/ (and any executed copy without a source): its
    # executed copy where there is one, else its code with the figures it saved
    done = {p.name: p for p in src.glob("[0-9][0-9]-*.ipynb")} if src.is_dir() else {}
    code = {p.name: p for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}
    notebooks = [(done.get(n) or code[n], n in done) for n in sorted(set(done) | set(code))]
    if not notebooks:
        raise ConfigError(f"No notebooks in {src} or in notebooks/")
    missing = [p.stem for p, ok in notebooks if not ok]
    if missing:
        logger.info("gallery: no executed copy in %s of %s; rendering their code with "
                    "their saved figures", src, ", ".join(missing))
    files, figs = {}, []
    index = ["# Gallery", "",
             "Every figure the notebooks write, as `make figures` last made it. Click a "
             "figure to reach the notebook cell that drew it, with the API pages of what "
             "that cell calls; each notebook page shows the executed notebook with its "
             "tables and figures (rendered from `notebooks/executed/`, not run again).",
             ""]
    if missing:
        index += [":::{important}", MISSING_EXECUTED.format(", ".join(missing)), ":::",
                  ""]
    toc = []
    all_pngs = sorted(p.stem for p in FIGURES.glob("[0-9][0-9]-*.png"))
    for nb_path, executed in notebooks:
        stem = nb_path.stem
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        nb, found = gallery_notebook(nb, stem, targets)
        if not executed:
            at = 1 if nb["cells"] and nb["cells"][0]["cell_type"] == "markdown" else 0
            nb["cells"].insert(at, {"cell_type": "markdown", "metadata": {},
                                    "id": "gallery-not-executed",
                                    "source": ":::{important}\n"
                                    + MISSING_EXECUTED.format(stem) + "\n:::"})
        files[f"{stem}.ipynb"] = json.dumps(nb, indent=1, ensure_ascii=False,
                                            sort_keys=True) + "\n"
        toc.append(stem)
        title = _title(nb, stem)
        index += [f"## [{title}]({stem}.ipynb)", ""]
        labels = dict(found)
        # the notebook's figures in the order its cells make them, then any others
        mine = [f for f, _ in found if f in all_pngs]
        mine += [f for f in all_pngs if f.startswith(stem[:3]) and f not in mine]
        if not mine:
            index += ["This notebook saves no figure.", ""]
            continue
        index += ["````{container} gallery-grid", ""]
        for fig in mine:
            figs.append(fig)
            target = labels.get(fig)
            href = f"{stem}.html" + (f"#{target}" if target else "")
            caption = f"{{ref}}`{fig} <{target}>`" if target else f"[{fig}]({stem}.ipynb)"
            index += [f":::{{figure}} /_generated/figures/{fig}.png", f":target: {href}",
                      f":alt: {fig}", ":class: gallery-item", "", caption, ":::", ""]
        index += ["````", ""]
    index += ["```{toctree}", ":hidden:", ""] + toc + ["```", ""]
    files["index.md"] = "\n".join(index)
    return files, figs


# ---------------------------------------------------------------------------------------

def generate(app, config) -> None:
    import analysis

    keep = set()
    pages = api_pages(analysis)
    for name, text in pages.items():
        _write(API / name, text)
        keep.add(API / name)
    # autosummary writes generated/<qualified name>.rst; keep those a table still lists
    listed = set()
    for text in pages.values():
        module = "analysis"
        for line in text.splitlines():
            if line.startswith(".. currentmodule:: "):
                module = line.split()[-1]
            elif line.startswith("   ") and not line.strip().startswith(":"):
                entry = line.strip().lstrip("~")
                listed.add(entry if entry.startswith("analysis.") else f"{module}.{entry}")
    for p in (API / "generated").glob("*.rst") if (API / "generated").exists() else []:
        if p.stem in listed:
            keep.add(p)
    _prune(API, keep)

    keep = set()
    for name, text in (
            ("codebook-tables.md", codebook_tables(ROOT / "data" / "datapackage.json")),
            ("glossary.md", glossary_page(ROOT)),
            ("changelog.md", changelog_page(ROOT))):
        _write(GEN / name, text)
        keep.add(GEN / name)

    files, figs = gallery_pages(api_targets(analysis))
    gkeep = set()
    for name, text in files.items():
        _write(GALLERY / name, text)
        gkeep.add(GALLERY / name)
    _prune(GALLERY, gkeep)
    for png in sorted(FIGURES.glob("[0-9][0-9]-*.png")):
        dst = GEN / "figures" / png.name
        _copy(png, dst)
        keep.add(dst)
    _prune(GEN, keep)


def _suffix_hits(domain, target):
    hits = [name for name, obj in domain.objects.items()
            if name.startswith("analysis.") and not obj.aliased and "._" not in name
            and (name == target or name.endswith("." + target))]
    # an object exported at the top level is documented once under analysis.<name>
    top = [h for h in hits if h.count(".") == target.count(".") + 1]
    return top or hits


def _documented_as(domain, target):
    """The documented name of the object ``target`` (a dotted path) imports to."""
    module, attrs = target, []
    while module:
        try:
            obj = importlib.import_module(module)
            break
        except ImportError:
            module, _, last = module.rpartition(".")
            attrs.insert(0, last)
    else:
        return None
    try:
        for a in attrs:
            obj = getattr(obj, a)
    except AttributeError:
        return None
    leaf = target.rpartition(".")[2]
    for name in _suffix_hits(domain, leaf):
        mod, _, attr = name.rpartition(".")
        try:
            if getattr(importlib.import_module(mod), attr) is obj:
                return name
        except (ImportError, AttributeError):
            continue
    return None


def resolve_by_suffix(app, env, node, contnode):
    """Resolve a Python reference to a documented object of the package that Sphinx's
    own lookup missed.

    Docstrings say :class:`HawkesResults` or :meth:`VARResults.irf` from inside
    ``analysis.Hawkes``, or name an object by the module that defines it
    (``analysis.sides.side_label``) while it is documented where users import it
    (``analysis.side_label``). Where exactly one documented object of the package ends
    with the target (what Sphinx does for a target written with a leading dot), or the
    target imports to a documented object, link to it; otherwise leave the reference
    unresolved (and warned about).
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "").lstrip(".~")
    if not target or ":" in target:
        return None
    domain = env.get_domain("py")
    hits = _suffix_hits(domain, target)
    if len(hits) != 1 and target.startswith("analysis."):
        found = _documented_as(domain, target)
        hits = [found] if found else _suffix_hits(domain, target[len("analysis."):])
    if len(hits) > 1:
        # the same name in several modules: the one nearest the referring module
        # where the docstring was written ("...:docstring of analysis.x.y.f"), else the
        # module the reference is rendered in
        m = re.search(r"docstring of ([\w.]+)", node.source or "")
        here = (m.group(1) if m else node.get("py:module") or "").split(".")

        def shared(name):
            parts = name.split(".")
            n = 0
            while n < min(len(parts), len(here)) and parts[n] == here[n]:
                n += 1
            return n

        best = max(shared(h) for h in hits)
        hits = [h for h in hits if shared(h) == best]
    if len(hits) != 1:
        return None
    from sphinx.util.nodes import make_refnode

    obj = domain.objects[hits[0]]
    return make_refnode(app.builder, node["refdoc"], obj.docname, obj.node_id, contnode,
                        hits[0])


def _sections(lines):
    """(start, title) of every numpydoc section header: a title underlined by dashes at
    the start of a paragraph (as numpydoc reads them; text inside a doctest block, such
    as a printed table, is not a header)."""
    out = []
    in_doctest = False
    for i in range(len(lines) - 1):
        line = lines[i].strip()
        if line.startswith(">>>"):
            in_doctest = True
        elif not line:
            in_doctest = False
        if in_doctest or (i > 0 and lines[i - 1].strip()):
            continue
        title, rule = line, lines[i + 1].strip()
        if (title and rule and set(rule) == {"-"} and len(rule) >= 3
                and len(rule) >= len(title) - 1 and not title.startswith(("..", "-"))):
            out.append((i, title))
    return out


def nonstandard_sections_to_notes(app, what, name, obj, options, lines):
    """Keep sections numpydoc does not know (e.g. "The model", "Ties") in the page.

    numpydoc drops the text of a section it does not know, with only a Python warning.
    Before numpydoc reads the docstring, such a section is moved into ``Notes`` under a
    rubric with its own title, so its text renders. (The section names numpydoc knows
    are Parameters, Returns, Notes, Examples and the others of the numpydoc standard;
    moving a section there in the source is the module owner's choice.)
    """
    from numpydoc.docscrape import NumpyDocString

    known = {k.lower() for k in NumpyDocString.sections} | {"example", "note", "warning"}
    heads = _sections(lines)
    if not heads or all(t.lower() in known for _, t in heads):
        return
    bounds = [(start, heads[k + 1][0] if k + 1 < len(heads) else len(lines), title)
              for k, (start, title) in enumerate(heads)]
    moved, keep_until = [], {}
    for start, end, title in bounds:
        if title.lower() not in known:
            body = lines[start + 2:end]
            moved += ["", f".. rubric:: {title}", ""] + body
            keep_until[start] = end
    if not moved:
        return
    out, i = [], 0
    while i < len(lines):
        if i in keep_until:
            i = keep_until[i]
            continue
        out.append(lines[i])
        i += 1
    notes = [(k, t) for k, t in _sections(out) if t.lower() == "notes"]
    if notes:
        start = notes[0][0]
        later = [k for k, _ in _sections(out) if k > start]
        at = later[0] if later else len(out)
        out[at:at] = moved + [""]
    else:
        out += ["", "Notes", "-----"] + moved
    lines[:] = out


def setup(app):
    app.connect("autodoc-process-docstring", nonstandard_sections_to_notes, priority=400)
    app.connect("config-inited", generate)
    app.connect("missing-reference", resolve_by_suffix)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
