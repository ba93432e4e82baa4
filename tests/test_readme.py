"""The README's examples work as written: its YAML validates, its error output is what a contributor sees,
its commands and links exist (after datasette's tests/test_docs.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from macros import ROOT
from macros.__main__ import main as macros_main
from macros.dataset import build_dataset
from macros.problems import DataError

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fences() -> list[tuple[str, str]]:
    """The README's fenced code blocks as (language, text), indentation (of list items) removed."""
    found: list[tuple[str, str]] = []
    opened: tuple[str, str, list[str]] | None = None
    for line in README.splitlines():
        stripped = line.lstrip()
        if opened is None and stripped.startswith("```"):
            opened = (line[: len(line) - len(stripped)], stripped[3:].strip(), [])
        elif opened is not None and stripped == "```":
            found.append((opened[1], "\n".join(opened[2])))
            opened = None
        elif opened is not None:
            opened[2].append(line[len(opened[0]) :])
    assert opened is None, "a code block is not closed"
    return found


def blocks(language: str) -> list[str]:
    return [text for lang, text in fences() if lang == language]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def add_example(data: Path, source: str, deal: str) -> None:
    with (data / "sources" / "core.yaml").open("a", encoding="utf-8") as out:
        out.write("\n" + source + "\n")
    with (data / "deals.yaml").open("a", encoding="utf-8") as out:
        out.write("\n" + deal + "\n")


def test_the_readme_is_a_guide_not_a_notebook() -> None:
    assert len(README.encode()) <= 8 * 1024


def test_the_example_source_and_deal_validate_and_reach_their_pages(data: Path) -> None:
    source, deal = blocks("yaml")
    add_example(data, source, deal)
    dataset = build_dataset(data)  # raises DataError if the example is wrong
    record = dataset["example-solar-loan"]
    assert record.sources == ["jbic-uzbek-solar-2025"]
    for referred in ["uzbekistan", "sumitomo-corporation", "jbic", "green-and-resilience", "jbic-uzbek-solar-2025"]:
        assert record in dataset.referring(referred), f"the deal does not reach {referred}'s page"


def test_the_documented_error_output_is_what_the_loader_prints(data: Path) -> None:
    """The README shows two mistakes: a misspelt organisation, and a value without currency in a second deal."""
    source, deal = blocks("yaml")
    (documented,) = [b for b in blocks("") if "problems in the data" in b]
    misspelt = deal.replace("parties: [sumitomo-corporation]", "parties: [sumitomo]")
    no_currency = deal.replace("id: example-solar-loan", "id: example-solar-guarantee").replace(
        "value: {amount: 635000000, currency: USD, qualifier: about}", "value: {amount: 635000000, qualifier: about}"
    )
    add_example(data, source, misspelt + "\n" + no_currency)
    with pytest.raises(DataError) as raised:
        build_dataset(data)

    def shape(text: str) -> list[str]:
        return [re.sub(r":\d+:", ":<line>:", line.strip()) for line in text.strip().splitlines()]

    assert shape(raised.value.report()) == shape(documented)


def test_the_listed_commands_exist() -> None:
    commands = [line.split("#")[0].strip() for b in blocks("sh") for line in b.splitlines() if line.strip()]
    assert "bash .ci/serve" in commands and "bash .ci/run" in commands
    for command in commands:
        words = command.split()
        if words[0] == "bash":
            assert (ROOT / words[1]).is_file(), command
        elif words[:3] == [".venv/bin/python", "-m", "macros"]:
            args = words[3:]
            if args[:1] != ["benchmark"]:
                with pytest.raises(SystemExit) as help_exit:
                    macros_main([*args, "--help"])  # parses the flags, runs nothing
                assert help_exit.value.code == 0, command
        else:
            assert words[0] == ".venv/bin/mkdocs" and words[1] in ("build", "serve", "gh-deploy"), command
    with pytest.raises(SystemExit) as help_exit:
        macros_main(["benchmark", "--help"])
    assert help_exit.value.code == 0


def test_the_files_the_readme_points_to_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README) + re.findall(r"`((?:macros|data|docs|tests)/[\w./-]+)`", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target


def test_the_modules_named_in_the_readme_exist() -> None:
    for name in re.findall(r"`(\w+)\.py`", README):
        assert list(ROOT.glob(f"macros/**/{name}.py")) or list(ROOT.glob(f"tests/**/{name}.py")), name


def test_the_data_files_the_readme_lists_exist() -> None:
    section = README.split("## How the data is organised", 1)[1].split("\n## ", 1)[0]
    for name in re.findall(r"`(\w+)/?`", section):
        if name in ("id", "disputes", "en", "ru", "ja"):
            continue
        assert (ROOT / "data" / name).is_dir() or (ROOT / "data" / f"{name}.yaml").is_file(), name
