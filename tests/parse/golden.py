"""Reading and writing the golden case files in tests/parse/cases (mwtest-like).

    name: convert, kilometres to miles
    mode: markdown            (or "plain", "lines"; default markdown)
    links: yes                (optional: Markdown links to the wiki)
    input:
    {{convert|5|km|mi}}
    output:
    5 kilometres (3.1 mi)
    ---

Cases are separated by a line holding only "---". `pytest --update-goldens` rewrites the outputs
from the current code (then review the diff).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from frontlines.parse import parse, plain_text, render_document

CASES = Path(__file__).resolve().parent / "cases"
SEPARATOR = "\n---\n"


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    input: str
    output: str
    mode: str = "markdown"
    links: bool = False


def read_cases(path: Path) -> list[Case]:
    text = path.read_text(encoding="utf-8")
    cases = []
    for chunk in text.split(SEPARATOR):
        if not chunk.strip():
            continue
        fields: dict[str, str] = {}
        head, _, rest = chunk.partition("\ninput:\n")
        source, _, output = rest.partition("\noutput:\n")
        for line in head.strip().splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        cases.append(
            Case(
                file=path.stem,
                name=fields["name"],
                input=source,
                output=output.rstrip("\n"),
                mode=fields.get("mode", "markdown"),
                links=fields.get("links", "no") == "yes",
            )
        )
    return cases


def actual(case: Case) -> str:
    if case.mode == "plain":
        return plain_text(case.input)
    if case.mode == "lines":
        return plain_text(case.input, lines=True)
    return render_document(parse(case.input), title="Golden", links=case.links).markdown.rstrip(
        "\n"
    )


def write_cases(path: Path, cases: list[Case]) -> None:
    chunks = []
    for case in cases:
        head = [f"name: {case.name}"]
        if case.mode != "markdown":
            head.append(f"mode: {case.mode}")
        if case.links:
            head.append("links: yes")
        chunks.append("\n".join(head) + "\ninput:\n" + case.input + "\noutput:\n" + case.output)
    path.write_text(SEPARATOR.join(chunks) + "\n", encoding="utf-8")


def update(path: Path) -> None:
    write_cases(path, [replace(case, output=actual(case)) for case in read_cases(path)])
