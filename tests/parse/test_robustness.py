"""Bad input never crashes, hangs or hits the recursion limit; content is kept when possible."""

from __future__ import annotations

import random

from frontlines.parse import parse, plain_text, render_document
from tests.conftest import leaks


def render(text: str) -> str:
    return render_document(parse(text), title="Robust").markdown


def test_templates_nested_200_deep() -> None:
    text = "start " + "{{nowrap|" * 200 + "core" + "}}" * 200 + " end"
    markdown = render(text)
    assert markdown.startswith("start")
    assert "end" in markdown
    assert leaks(markdown) == []


def test_links_and_tags_nested_deeply() -> None:
    text = "<span>" * 300 + "deep text" + "</span>" * 300 + " ''x" * 50
    markdown = render(text)
    assert "deep text" in markdown


def test_refs_nested_in_notes_deeply() -> None:
    text = "a" + "{{efn|" * 120 + "inner" + "}}" * 120
    document = render_document(parse(text), title="Robust")
    assert leaks(document.markdown) == []


def test_templates_nested_within_the_parser_limit_keep_their_text() -> None:
    text = "{{small|" * 25 + "bottom" + "}}" * 25
    assert render(text).strip() == "bottom"


def test_deep_tree_is_flattened_with_an_issue() -> None:
    text = "<span>" * 100 + "bottom" + "</span>" * 100
    document = render_document(parse(text), title="Robust")
    assert "bottom" in document.markdown
    assert [issue.kind for issue in document.issues] == ["too_deep"]


def test_unbalanced_braces_and_brackets() -> None:
    for text in (
        "{{cite web|title=open", "}} closing {{", "[[broken link", "link]] here",
        "{{{{{{", "{| unclosed table\n| a", "<ref>never closed", "'''bold never closed",
        "[[File:X.jpg|thumb|caption [[inner", "{{#if:", "<!-- unclosed comment",
    ):  # fmt: skip
        markdown = render("Text " + text + " after")
        assert leaks(markdown) == [], text


def test_ten_megabyte_article() -> None:
    # Mostly prose, as long articles are: a link, a template and a citation per paragraph.
    prose = "The column marched north through the valley while the rearguard held the ford. " * 12
    paragraph = (
        "The '''regiment''' crossed the [[river|River]] on {{start date|1815|6|18}}. "
        + prose
        + "<ref>{{cite book|last=Doe|title=Book|year=2000}}</ref>\n\n"
    )
    text = "== Part ==\n" + paragraph * (10_000_000 // len(paragraph))
    assert len(text) >= 9_900_000
    document = render_document(parse(text), title="Big")
    assert document.markdown.count("regiment") == text.count("regiment")
    assert leaks(document.markdown) == []


def test_binary_junk() -> None:
    generator = random.Random(2)
    junk = bytes(generator.randrange(256) for _ in range(200_000)).decode("latin-1")
    markdown = render(junk)
    assert "\x00" not in markdown
    assert leaks(markdown) == []


def test_random_markup_soup() -> None:
    generator = random.Random(7)
    pieces = [
        "{{",
        "}}",
        "[[",
        "]]",
        "|",
        "<ref>",
        "</ref>",
        "''",
        "'''",
        "\n*",
        "\n#",
        "\n{|",
        "\n|-",
        "\n|}",
        "=",
        "\n==",
        "<br>",
        "text ",
        "File:",
        "<!--",
        "-->",
        "&amp;",
    ]
    for _ in range(200):
        text = "".join(generator.choice(pieces) for _ in range(60))
        assert leaks(render(text)) == [], text


def test_plain_text_never_raises() -> None:
    for text in ("{{" * 500, "[[" * 500, "<ref>" * 100, "\x00\x01\x02", ""):
        assert isinstance(plain_text(text), str)


def test_a_page_full_of_damaged_words_is_repaired_within_bounds() -> None:
    import random
    import string

    from frontlines.convert import repair_lost_characters

    rng = random.Random(7)
    words = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(60000)
    ]
    damaged = [w[:2] + "\ufffd\ufffd" + w[3:] if i % 10 == 0 else w for i, w in enumerate(words)]
    text, runs = repair_lost_characters(" ".join(damaged))
    assert runs == 6000
    assert "\ufffd\ufffd" not in text  # every run tidied to one mark, or its word restored
    assert text.count("\ufffd") >= 6000 - 1000  # at most 1,000 distinct words are looked up


def test_closing_quotes_on_long_hostile_lines_finishes() -> None:
    from frontlines.parse.wikitext import _close_open_quotes

    for line in ("''x <ref>" * 50000, "''x <ref" * 50000, "<ref>''a</ref> " * 50000):
        closed = _close_open_quotes(line, tables=True)
        assert closed.startswith(line[:3]) and len(closed) >= len(line)


def test_c1_characters_are_read_as_windows_1252_as_ftfy_reads_them() -> None:
    """The table that replaced ftfy's fix_c1_controls (not imported by a worker) agrees with it
    on every C1 character, and the text around them is kept."""
    from ftfy.fixes import fix_c1_controls

    from frontlines.parse.wikitext import C1_AS_WINDOWS_1252

    every = "".join(chr(code) for code in range(0x80, 0xA0))
    assert every.translate(C1_AS_WINDOWS_1252) == fix_c1_controls(every)
    assert render("Ligne \x93quoted\x94 \x80 5 \x81") == render("Ligne “quoted” € 5 \x81")
