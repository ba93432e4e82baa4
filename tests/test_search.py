"""What a reader types finds the page that answers it, in the built search index.

Material's search runs lunr in the browser over search/search_index.json. This
test reads the same index and the same separator, and ranks sections the way a
reader experiences it (every term must match, as a prefix; title matches count
most), then checks that an answering page is among the first results.

Other spellings of a name (``aliases:`` on people, countries and organisations)
are shown on the page as "Also written: ..." so that search finds them: a reader
may type Tokaev, Токаев or トカエフ for Tokayev. With more than one search language
(mkdocs.yml: ``lang``), lunr trims each indexed word of the characters no configured
language uses; the index here does the same, with the word characters of the lunr
files the site ships. (Japanese words are segmented by TinySegmenter in the browser,
which this index does not copy: a Japanese query here matches whole runs of script.)
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from minimal_project import MINIMAL, ROOT, edit, line_of

from macros import routes
from macros.dataset import build_dataset
from macros.problems import DataError

# query → pages (URL paths) any of which answers it. A record's own page answers first (issue 13: results
# open record pages); the pages that list records answer topics.
QUERIES: dict[str, set[str]] = {
    "Tokayev": {"people/kassym-jomart-tokayev/"},
    "Mirziyoyev": {"people/shavkat-mirziyoyev/"},
    "Japarov": {"people/sadyr-japarov/"},
    "Rahmon": {"people/emomali-rahmon/"},
    "Berdimuhamedov": {"people/serdar-berdimuhamedov/"},
    "Takaichi": {"people/sanae-takaichi/"},
    "Sumitomo": {"organisations/sumitomo-corporation/"},
    "Sojitz": {"organisations/sojitz/"},
    "Toyota Tsusho": {"organisations/toyota-tsusho/"},
    "JBIC": {"organisations/jbic/"},
    "NEXI": {"organisations/nexi/"},
    "JOGMEC": {"organisations/jogmec/"},
    "UNDP": {"organisations/undp/", "deals/undp-regional-drr-grant/"},
    "Aktau": {"deals/aktau-port-xray-grant/", "proposals/kz-trans-caspian-aktau/"},
    "Naryn": {"deals/kg-naryn-bridge-grant/"},
    "Spitamen": {"deals/tj-spitamen-cargo-scanner-grant/"},
    "Sumitomo solar": {"deals/uz-samarkand-solar-storage-plants/"},
    "nuclear fuel": {"proposals/kz-nuclear-cooperation/"},
    "rare earths": {"proposals/kz-critical-minerals/"},
    "technoparks": {"proposals/uz-technopark-network/"},
    "scholarships": {"commitments/scholarships/", "deals/kg-jds-scholarships-20th-cohort/"},
    "2040": {"proposals/uz-cooperation-strategy-2040/"},
    "3 trillion yen": {"commitments/business-projects-3-trillion-yen/", "initiative/", "figures/"},
    "Middle Corridor": {"glossary/", "commitments/trans-caspian-route-support/", "proposals/kz-trans-caspian-aktau/"},
    "gallium": {"deals/mitsubishi-erg-gallium-offtake/"},
    "justice ministers": {"commitments/justice-ministers-meeting/", "events/justice-ministers-meeting-2026/"},
    "grant Kyrgyzstan": {"deals/kg-grid-training-centre-grant/", "deals/kg-naryn-bridge-grant/", "deals/"},
    # Other spellings (aliases): found on the person's own page.
    "Mirziyoev": {"people/shavkat-mirziyoyev/"},
    "Tokaev": {"people/kassym-jomart-tokayev/"},
    "Rakhmon": {"people/emomali-rahmon/"},
    "Berdymukhamedov": {"people/serdar-berdimuhamedov/"},
    "Zhaparov": {"people/sadyr-japarov/"},
    "Kirgizstan": {"countries/kyrgyzstan/"},
    "Токаев": {"people/kassym-jomart-tokayev/"},
    "Мирзиёев": {"people/shavkat-mirziyoyev/"},
    "トカエフ": {"people/kassym-jomart-tokayev/"},
    "高市早苗": {"people/sanae-takaichi/"},
    "東京宣言": {"declaration/"},
    # A figure written "€17.9 billion" is found by its number: the trimmer takes the "€" off.
    "17.9": {"figures/"},
}
FIRST = {"Tokayev", "Sumitomo", "JBIC", "Naryn", "3 trillion yen", "Tokaev", "Токаев"}
"""Queries whose answer must be the very first result: record titles rank first."""
TOP = 5


def _stem(token: str) -> str:
    # lunr's English stemmer folds plurals; this is enough for our queries.
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


def word_characters(site: Path, lang: str) -> str:
    """The characters lunr keeps at the edges of a word in ``lang``: a regex character class body, read from
    the lunr file the site ships (lunr's own ``\\w``, which in JavaScript is ASCII, for English)."""
    if lang == "en":
        return "A-Za-z0-9_"
    script = (site / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{lang}.min.js").read_text(encoding="utf-8")
    found = re.search(r'wordCharacters="([^"]*)"', script)
    assert found, f"no wordCharacters in lunr.{lang}.min.js"
    return found[1]


class Index:
    def __init__(self, path: Path):
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.config = raw["config"]
        self.separator = re.compile(raw["config"]["separator"])
        self.trim = self.trimmer(path.parent.parent, raw["config"]["lang"])
        self.docs = raw["docs"]
        self.tokens = [(self.index_tokens(d["title"]), self.index_tokens(d["text"])) for d in self.docs]

    @staticmethod
    def trimmer(site: Path, langs: list[str]):
        """Material keeps lunr's trimmer only where several languages are set (lunr.multiLanguage adds one
        that keeps their word characters); with English alone it takes the trimmer out."""
        if len(langs) < 2:
            return lambda token: token
        chars = "".join(word_characters(site, lang) for lang in langs)
        edges = re.compile(f"^[^{chars}]+|[^{chars}]+$")
        return lambda token: edges.sub("", token)

    def tokenize(self, text: str) -> list[str]:
        return [_stem(t.lower()) for t in self.separator.split(text) if t]

    def index_tokens(self, html: str) -> list[str]:
        """What lunr indexes: the words of the text, trimmed (the query is not trimmed, only split)."""
        return [t for t in (self.trim(t) for t in self.tokenize(re.sub(r"<[^>]+>", " ", html))) if t]

    def search(self, query: str) -> list[str]:
        """Pages of the matching sections, best first."""
        terms = self.tokenize(query)
        if not terms:
            return []
        scored = []
        for doc, (title, text) in zip(self.docs, self.tokens, strict=True):
            score = 0
            for term in terms:
                in_title = sum(1 for t in title if t.startswith(term))
                in_text = sum(1 for t in text if t.startswith(term))
                if not in_title and not in_text:
                    break
                score += 10 * in_title + min(in_text, 10)
            else:
                # A page's front matter can boost it (record pages: 2), as lunr weighs the document.
                scored.append((-score * float(doc.get("boost", 1)), doc["location"]))
        pages: list[str] = []
        for _, location in sorted(scored):
            page = location.split("#", 1)[0]
            if page not in pages:
                pages.append(page)
        return pages


@pytest.fixture(scope="module")
def index(site_dir: Path) -> Index:
    return Index(site_dir / "search" / "search_index.json")


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_query_finds_an_answering_page(index: Index, query: str) -> None:
    results = index.search(query)
    assert results, f"no result at all for {query!r}"
    assert QUERIES[query] & set(results[:TOP]), f"{query!r}: top results {results[:TOP]}, expected one of {QUERIES[query]}"


@pytest.mark.parametrize("query", sorted(FIRST))
def test_the_record_ranks_first(index: Index, query: str) -> None:
    results = index.search(query)
    assert results and results[0] in QUERIES[query], f"{query!r}: first result {results[:3]}, expected {QUERIES[query]}"


def test_sources_rank_below_the_pages_they_support(index: Index) -> None:
    """A source's own page is not in the index; the sources index comes after the record pages."""
    assert not [d for d in index.docs if re.match(r"sources/[a-z0-9-]+/", d["location"])]
    for query in ("3 trillion yen", "gallium", "Токаев"):
        results = index.search(query)
        answer = min(results.index(page) for page in QUERIES[query] if page in results)
        assert "sources/" not in results[: answer + 1], f"{query!r}: the sources index ranks above the answer: {results[:5]}"


def test_generated_boilerplate_is_not_indexed(index: Index) -> None:
    for doc in index.docs:
        assert "GENERATED by" not in doc["text"]
        assert "last changed or checked" not in doc["text"], doc["location"]


def test_search_index_has_no_duplicate_sections(index: Index) -> None:
    locations = [d["location"] for d in index.docs]
    assert len(locations) == len(set(locations))


# ---------------------------------------------------------------------------
# Other spellings of names (aliases)
# ---------------------------------------------------------------------------

ALIASED = ("countries", "people", "organisations")


def _url(page: str) -> str:
    """The address of a page under docs/ as the search index gives it: 'countries/japan.md' is 'countries/japan/'."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def _alias_cases() -> list[tuple[str, str, set[str]]]:
    """(record id, alias, the pages that show the record) for every alias: the record's page (routes.home_of),
    and for a person the page of their country too."""
    data = build_dataset(ROOT / "data")
    cases = []
    for name in ALIASED:
        for record in data.all(name):
            pages = {_url(routes.home_of(data, record.id)[0])}
            if name == "people":
                pages.add(_url(routes.home_of(data, record.country)[0]))
            cases += [(record.id, alias, pages) for alias in record.aliases]
    return cases


ALIAS_CASES = _alias_cases()


def test_there_are_aliases_to_search() -> None:
    assert len(ALIAS_CASES) >= 100, "the aliases of people, countries and organisations went missing from data/"


@pytest.mark.parametrize(("record_id", "alias", "pages"), ALIAS_CASES, ids=[f"{r}:{a}" for r, a, _ in ALIAS_CASES])
def test_every_alias_finds_its_record(index: Index, record_id: str, alias: str, pages: set[str]) -> None:
    """Found at all, at whatever rank: a common alias (Nippon, Republic of Uzbekistan) competes with every source
    that names it. QUERIES above hold the ranks of the ones readers type most."""
    results = index.search(alias)
    assert pages & set(results), f"{alias!r} (an alias of {record_id}) is not found: results {results[:TOP]}..., expected {pages}"


def test_search_languages_are_loaded_from_the_site(index: Index, site_dir: Path) -> None:
    """English, Russian and Japanese: the lunr files the search worker loads for them are the site's own."""
    langs = index.config["lang"]
    assert langs == ["en", "ru", "ja"]
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    # What Material's search worker imports for these languages (workers/search.*.min.js).
    files = [lunr / "min" / "lunr.stemmer.support.min.js", lunr / "min" / "lunr.multi.min.js", lunr / "tinyseg.js"]
    files += [lunr / "min" / f"lunr.{lang}.min.js" for lang in langs if lang != "en"]
    missing = [str(f.relative_to(site_dir)) for f in files if not f.is_file()]
    assert not missing, f"not in the site: {missing}"
    # The cost to a reader: about 40 kB (15 kB gzipped) on top of the search index, once per visit.
    assert sum(f.stat().st_size for f in files) < 45_000


def test_search_box_takes_pasted_text(site_dir: Path) -> None:
    """Material reads the search box on keyup only; macros/theme/main.html passes on input events (a name
    pasted with the mouse, or finished by an input method), or such a query never runs."""
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '["input","compositionend"]' in html and 'new KeyboardEvent("keyup")' in html


def test_an_empty_alias_is_a_clear_mistake(tmp_path: Path) -> None:
    data = Path(shutil.copytree(MINIMAL, tmp_path / "data"))
    edit(data / "people.yaml", "  name: Leader KG\n", "  name: Leader KG\n  aliases: [Zhaparov, '  ']\n")
    with pytest.raises(DataError) as caught:
        build_dataset(data)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("data/people.yaml", line_of(data / "people.yaml", "  aliases:"))
    assert "aliases.1: must not be empty" in problem.message, str(problem)
