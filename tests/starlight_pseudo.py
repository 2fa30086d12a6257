"""The pseudo-localized Starlight docs, built with Astro Starlight (`make sites`: needs Node).

Run as `python -m tests.starlight_pseudo` after `npm ci` in examples/starlight (which `make
sites` does): the Starlight set of tests/data/realdocs is built once in English and en-XA side
by side, with the `mdx` profile, then without any profile. The bar, as for Hugo and MkDocs in
test_syntax_sites.py: the build has no error, at least 98% of the visible words of the articles
are pseudo-localized, and every page renders the same elements (JSX components, asides, tabs,
steps, file trees, code) as in English. Exit 1 when it falls short.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.pseudo_sites import (
    measure,
    rendered_elements,
    starlight_articles,
    starlight_prose,
    starlight_site,
)

BAR = 98.0


def check(profiles: tuple[str, ...], root: Path) -> tuple[float | None, list[str]]:
    """The percentage pseudo-localized (None if the site does not build) and the problems."""
    try:
        dist = starlight_site(root, profiles)
    except AssertionError as failed:
        lines = str(failed).splitlines()[1:]
        return None, [next((line for line in lines if "ERROR" in line), lines[-1]).strip()]
    english, pseudo = starlight_articles(dist)
    problems = [f"no en-XA page for {page}" for page in english if page not in pseudo]
    problems = [p for p in problems if "404" not in p]  # Starlight builds one 404 page
    for page, article in sorted(pseudo.items()):
        if rendered_elements(article) != rendered_elements(english[page]):
            problems.append(f"{page}: renders other elements than in English")
    figure = measure(
        {k: starlight_prose(v) for k, v in pseudo.items()},
        {k: starlight_prose(v) for k, v in english.items()},
    )
    print(f"  {len(pseudo)} pages, {figure.pseudo} of {figure.words} words pseudo-localized")
    return figure.percent, problems


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        print("starlight, mdx profile:")
        percent, problems = check(("mdx",), Path(folder) / "mdx")
        print("starlight, no profile:")
        before, plain_problems = check((), Path(folder) / "plain")
    shown = "does not build" if before is None else f"{before:.2f}%"
    print(
        f"starlight without profiles: {shown}"
        + (f" ({plain_problems[0]})" if before is None else "")
    )
    print(f"starlight with the mdx profile: {percent or 0:.2f}% (bar {BAR}%)")
    for problem in problems:
        print(f"  {problem}")
    return 0 if percent is not None and percent >= BAR and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
