"""Check the built documentation site as a reader's browser sees it.

``python tools/docs_check.py [BUILD_DIR] [--screenshots DIR]``

1. Every internal link, image, stylesheet and script of every page points to a file of
   the build (and a ``#fragment`` to an id on that page): checked on the HTML files.
2. Every page is opened in headless Chromium (Debian's ``chromium``; ``make docs``
   installs it when missing), served from 127.0.0.1 by a local HTTP server, through the
   DevTools protocol: a console error, an uncaught exception, a failed request or an
   image that did not load fails the check.
3. Screenshots of the home page, one API page and one gallery page go to
   ``build/docs-screenshots/`` (not committed).

Exits 1 with a list of the problems found, 0 when there are none.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--mute-audio", "--window-size=1280,900"]
SCREENSHOTS = {  # file name -> page (first existing candidate)
    "home.png": ["index.html"],
    "api-page.png": ["api/generated/analysis.CountModel.html", "api/index.html"],
    "gallery-page.png": ["gallery/04-hawkes.html", "gallery/02-count-regressions.html",
                         "gallery/01-dataset.html", "gallery/index.html"],
}


# ---------------------------------------------------------------------------------------
# 1. static check of internal references
# ---------------------------------------------------------------------------------------

class _Refs(HTMLParser):
    ATTRS = {("a", "href"), ("img", "src"), ("link", "href"), ("script", "src"),
             ("source", "src"), ("iframe", "src")}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("id", "name") and v:
                self.ids.add(v)
            if (tag, k) in self.ATTRS and v:
                self.refs.append((tag, v))


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> _Refs:
    p = _Refs()
    p.feed(path.read_text(encoding="utf-8", errors="replace"))
    return p


def static_problems(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("_"):
            continue   # theme templates copied into _static/, not pages
        for tag, ref in _parse(page).refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                continue   # external (http, https, mailto, data:): not checked here
            if not parts.path:
                target = page
            else:
                target = (page.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel}: <{tag}> points to missing {ref}")
                continue
            if parts.fragment and target.suffix == ".html" and tag == "a":
                if unquote(parts.fragment) not in _parse(target).ids:
                    problems.append(f"{rel}: link {ref} has no #{parts.fragment} there")
    return problems


# ---------------------------------------------------------------------------------------
# 2. the pages in headless Chromium, through the DevTools protocol
# ---------------------------------------------------------------------------------------

def chromium_binary() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("docs_check: no chromium found (make docs installs Debian's chromium: "
             "apt-get install -y chromium)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class CDP:
    """A minimal DevTools-protocol client over tornado's websocket (in the lock)."""

    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []
        self.pending: dict[int, asyncio.Future] = {}
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def connect(cls, url):
        from tornado.websocket import websocket_connect

        return cls(await websocket_connect(url, max_message_size=256 * 1024 * 1024))

    async def _read(self):
        while True:
            msg = await self.ws.read_message()
            if msg is None:
                return
            data = json.loads(msg)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method, session=None, timeout=60, **params):
        self.next_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = fut
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        await self.ws.write_message(json.dumps(msg))
        data = await asyncio.wait_for(fut, timeout)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        return data.get("result", {})


_IMAGES_JS = """
(() => Array.from(document.images)
   .filter(i => !(i.complete && i.naturalWidth > 0))
   .map(i => i.getAttribute('src')))()
"""


async def _browse(site: Path, pages: list[str], shots: dict[str, str], out: Path,
                  timeout: float) -> list[str]:
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    profile = tempfile.mkdtemp(prefix="docs-check-chromium-")
    proc = subprocess.Popen(
        [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
         "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    problems = []
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        t0 = time.monotonic()
        while not (port_file.exists() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() - t0 > 30:
                raise RuntimeError("chromium did not start: " + (proc.stderr.read() or ""))
            await asyncio.sleep(0.1)
        port, path = port_file.read_text().split()[:2]
        cdp = await CDP.connect(f"ws://127.0.0.1:{port}{path}")
        target = await cdp.send("Target.createTarget", url="about:blank")
        attached = await cdp.send("Target.attachToTarget", targetId=target["targetId"],
                                  flatten=True)
        s = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            await cdp.send(f"{domain}.enable", session=s)
        for page in pages:
            cdp.events.clear()
            await cdp.send("Page.navigate", session=s, url=base + page)
            t0 = time.monotonic()
            while not any(e["method"] == "Page.loadEventFired" for e in cdp.events):
                if time.monotonic() - t0 > timeout:
                    problems.append(f"{page}: did not finish loading in {timeout:.0f} s")
                    break
                await asyncio.sleep(0.05)
            # MathJax typesets after the load event: wait for it where the page has it
            try:
                await cdp.send("Runtime.evaluate", session=s, awaitPromise=True,
                               timeout=timeout,
                               expression="(window.MathJax && MathJax.startup && "
                               "MathJax.startup.promise) ? MathJax.startup.promise.then("
                               "() => 1) : 1")
            except asyncio.TimeoutError:
                problems.append(f"{page}: MathJax did not finish in {timeout:.0f} s")
            broken = (await cdp.send("Runtime.evaluate", session=s, expression=_IMAGES_JS,
                                     returnByValue=True))["result"].get("value") or []
            problems += [f"{page}: image did not load: {src}" for src in broken]
            for e in list(cdp.events):
                p, m = e["params"], e["method"]
                if m == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                    text = " ".join(str(a.get("value", a.get("description", "")))
                                    for a in p["args"])
                    problems.append(f"{page}: console error: {text}")
                elif m == "Runtime.exceptionThrown":
                    d = p["exceptionDetails"]
                    text = d.get("exception", {}).get("description") or d.get("text")
                    problems.append(f"{page}: uncaught exception: {text}")
                elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                    e_ = p["entry"]
                    problems.append(f"{page}: console error: {e_['text']} {e_.get('url', '')}")
                elif m == "Network.loadingFailed" and not p.get("canceled"):
                    problems.append(f"{page}: request failed: {p.get('errorText')} "
                                    f"({p.get('type')})")
                elif m == "Network.responseReceived" and p["response"]["status"] >= 400:
                    problems.append(f"{page}: HTTP {p['response']['status']} for "
                                    f"{p['response']['url'].replace(base, '')}")
            if page in shots.values():
                name = next(k for k, v in shots.items() if v == page)
                if name.startswith("gallery"):   # show a figure, not only the imports
                    await cdp.send("Runtime.evaluate", session=s, expression=(
                        "(document.querySelector('.cell_output img') || "
                        "document.querySelector('.gallery-figure-note') || "
                        "document.body).scrollIntoView({block: 'center'})"))
                    await asyncio.sleep(0.2)
                shot = await cdp.send("Page.captureScreenshot", session=s, format="png")
                (out / name).write_bytes(base64.b64decode(shot["data"]))
        await cdp.send("Browser.close")
    finally:
        server.shutdown()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", default=str(ROOT / "build" / "docs" / "html"))
    ap.add_argument("--screenshots", default=str(ROOT / "build" / "docs-screenshots"))
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per page")
    args = ap.parse_args(argv)
    site, out = Path(args.site), Path(args.screenshots)
    if not (site / "index.html").exists():
        sys.exit(f"docs_check: no built site in {site} (run make docs)")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    problems = static_problems(site)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if not p.relative_to(site).as_posix().startswith("_"))
    shots = {}
    for name, candidates in SCREENSHOTS.items():
        page = next((c for c in candidates if (site / c).exists()), None)
        if page is None:
            problems.append(f"no page for screenshot {name} (tried {candidates})")
        else:
            shots[name] = page
    problems += asyncio.run(_browse(site, pages, shots, out, args.timeout))
    took = time.monotonic() - t0
    if problems:
        print(f"docs_check: {len(problems)} problem(s) in {len(pages)} pages:")
        for p in problems:
            print("  " + p)
        return 1
    print(f"docs_check: {len(pages)} pages, links, images and console clean "
          f"({took:.0f} s); screenshots: "
          + ", ".join(str((out / n).relative_to(ROOT)) if out.is_relative_to(ROOT)
                      else str(out / n) for n in shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
