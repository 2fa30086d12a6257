"""The browser helper itself: scripts run, their effects are visible, screenshots are PNGs."""

from __future__ import annotations

from pathlib import Path

from tests.chromium import browser, serve


def test_a_page_script_runs_and_its_effect_is_read_back(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="ko"><body><p id="p">한국어</p>'
        "<script>document.body.dataset.ran = 'yes'</script></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as base, browser() as chrome:
        chrome.load(f"{base}/page.html")
        assert chrome.evaluate("document.body.dataset.ran") == "yes"
        assert chrome.evaluate("document.documentElement.lang") == "ko"
        assert chrome.evaluate("document.getElementById('p').textContent") == "한국어"
        chrome.load(page.as_uri())
        assert 'data-ran="yes"' in chrome.dom()
        chrome.screenshot(tmp_path / "shot.png")
    assert (tmp_path / "shot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
