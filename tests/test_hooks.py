"""The MkDocs hook: settings from the configuration MkDocs read, and a watch list that rebuilds once per edit."""

from __future__ import annotations

import json
from pathlib import Path

from minimal_project import make_project, run_mkdocs
from mkdocs.config import load_config

from macros import ROOT, hooks


class RecordingServer:
    """What on_serve may call on MkDocs' LiveReloadServer: its public watch() and unwatch()."""

    def __init__(self, watched: list[str]) -> None:
        self.watched = list(watched)

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        self.watched.remove(path)  # raises, as MkDocs does, for a path that is not watched


def test_serve_watches_the_hand_written_pages_and_not_the_generated_ones() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    docs = Path(config.docs_dir)
    server = RecordingServer([str(docs)])
    try:
        assert hooks.on_serve(server, config, builder=None) is server
    finally:
        hooks.on_shutdown()
    watched = {Path(p).relative_to(docs).as_posix() for p in server.watched}
    assert str(docs) not in server.watched, "docs/ as a whole would rebuild for the pages the build writes"
    assert {"about.md", "assets"} <= watched
    generated = {"index.md", "deals", "deals/index.md", "countries", "countries/kazakhstan.md", "data", "feed.xml", "feeds"}
    generated |= {"calendar.ics"}
    assert not watched & generated, watched & generated


def test_a_build_takes_its_settings_from_the_configuration_it_was_given(tmp_path: Path) -> None:
    """`mkdocs build -f other/mkdocs.yml`: its site_url, not the repository's, names the published files."""
    project = make_project(tmp_path / "other")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "site_url: !ENV [SITE_URL, null]", "site_url: https://other.example.net/sub/"
    )
    assert "other.example.net" in text, "mkdocs.yml no longer reads site_url from SITE_URL"
    # The hook of the repository's own package, so the repository's mkdocs.yml is within its reach.
    text = text.replace("  - macros/hooks.py", f"  - {ROOT / 'macros' / 'hooks.py'}")
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs(project, "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    exported = json.loads((project / "docs" / "data" / "cajad.json").read_text(encoding="utf-8"))
    assert exported["url"] == "https://other.example.net/sub/"
    assert "https://other.example.net/sub/tracker/" in (project / "docs" / "feed.xml").read_text(encoding="utf-8")


def test_the_publish_address_is_the_one_setting_SITE_URL(tmp_path: Path) -> None:
    """With SITE_URL, pages have a canonical link and the feed and exports name the address; without it,
    nothing names a host: no canonical link, and the feed says its addresses are paths on the site."""
    project = make_project(tmp_path / "published")
    result = run_mkdocs(
        project, "build", "--strict", "-d", str(tmp_path / "site"), env={"SITE_URL": "https://pub.example.net/ca/"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://pub.example.net/ca/">' in home
    assert "https://pub.example.net/ca/tracker/" in (project / "docs" / "feed.xml").read_text(encoding="utf-8")

    result = run_mkdocs(project, "build", "--strict", "-d", str(tmp_path / "bare"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'rel="canonical"' not in (tmp_path / "bare" / "index.html").read_text(encoding="utf-8")
    feed = (project / "docs" / "feed.xml").read_text(encoding="utf-8")
    assert "pub.example.net" not in feed and "built without SITE_URL" in feed
    assert json.loads((project / "docs" / "data" / "cajad.json").read_text(encoding="utf-8"))["url"] is None


def test_under_serve_the_published_address_is_kept(tmp_path: Path) -> None:
    """`mkdocs serve` (--clean too, which tells plugins it is a build) puts its local address in
    config.site_url; docs/ must not take it up."""
    project = make_project(tmp_path / "served")
    before = (project / "docs" / "feed.xml").read_text(encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    config.site_url = f"http://{config.dev_addr}/"
    hooks.on_pre_build(config)
    assert (project / "docs" / "feed.xml").read_text(encoding="utf-8") == before
    assert str(config.dev_addr) not in (project / "docs" / "data" / "cajad.json").read_text(encoding="utf-8")


def test_a_hand_written_page_added_under_serve_is_watched_from_the_next_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "served")
    config = load_config(str(project / "mkdocs.yml"))
    docs = Path(config.docs_dir)
    server = RecordingServer([str(docs)])
    hooks.on_serve(server, config, builder=None)
    try:
        (docs / "notes.md").write_text("# Notes\n", encoding="utf-8")
        (docs / "countries" / "extra.md").write_text("# Extra\n", encoding="utf-8")
        assert str(docs / "notes.md") not in server.watched
        hooks.on_pre_build(config)
        assert {str(docs / "notes.md"), str(docs / "countries" / "extra.md")} <= set(server.watched)
        assert len(server.watched) == len(set(server.watched)), "each path is watched once"
        assert str(docs / "countries" / "kazakhstan.md") not in server.watched
    finally:
        hooks.on_shutdown()
