"""Footnotes as Wikipedia shows them: each list where the article has it, labels that repeat.

The converter writes footnote definitions where the article's reference list stands (under
"Notes", "References" ...). markdown-it's footnote plugin would move them all to the end under
a bare rule and number them by first use ("[5:1]" for a reuse); here instead:

* each run of definitions becomes its own list at the place it stands (a run of notes `n1`,
  `n2` ... and a run of citations next to it are two lists); definitions referenced but never
  placed (and inline `^[...]` notes) follow the body as before;
* a mark shows the footnote's own label every time: `[5]` for citation 5, `[a]` for note
  `n1`; a reused footnote is the same mark, and its list entry has back-links `^ a b c`;
* adjacent marks stay separate marks (`[3][4]`, never "34").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

__all__ = ["caption", "footnote_anchor", "use_footnotes"]

_NOTE = re.compile(r"^n(\d+)$")
_ID_UNSAFE = re.compile(r"[^\w-]+")


def _letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa (how Wikipedia labels lower-alpha notes)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def caption(label: str) -> str:
    """What a footnote mark shows: the citation number, a letter for note `nK`, else the label."""
    note = _NOTE.match(label)
    return _letters(int(note.group(1))) if note else label


def _is_note(label: str) -> bool:
    return _NOTE.match(label) is not None


def _ident(label: str) -> str:
    return _ID_UNSAFE.sub("-", label)


def footnote_anchor(label: str) -> str:
    """The id of a footnote's list entry on the page (`#fn12`, `#fnn1`)."""
    return f"fn{_ident(label)}"


def _place(state: StateCore) -> None:
    """Replace each run of definitions by a footnote list; the rest go to the end."""
    data = state.env.get("footnotes")
    if not isinstance(data, dict):
        return
    listed: dict[int, dict[str, Any]] = data.get("list") or {}
    by_label = {str(note.get("label")): index for index, note in listed.items() if "label" in note}
    definitions: dict[str, list[Token]] = {}
    runs: list[list[str]] = []  # labels, in runs of adjacent definitions
    out: list[Token] = []
    current: list[Token] | None = None
    label = ""
    last_closed_at = -1
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            current, label = [], str(token.meta["label"])
            continue
        if token.type == "footnote_reference_close":
            definitions[label] = current or []
            current = None
            same_run = (
                last_closed_at == len(out) and runs and _is_note(runs[-1][-1]) == _is_note(label)
            )
            if same_run:
                runs[-1].append(label)
            else:
                runs.append([label])
                out.append(Token("footnote_run", "", 0, meta={"run": len(runs) - 1}))
            last_closed_at = len(out)
            continue
        if current is not None:
            current.append(token)
        else:
            out.append(token)
    placed: set[int] = set()
    final: list[Token] = []
    for token in out:
        if token.type != "footnote_run":
            final.append(token)
            continue
        ids = [by_label[name] for name in runs[token.meta["run"]] if name in by_label]
        if ids:
            final += _block(ids, listed, definitions, placed_here=True)
            placed.update(ids)
    rest = [index for index in sorted(listed) if index not in placed]
    if rest:
        final += _block(rest, listed, definitions, placed_here=False)
    state.tokens = final


def _block(
    ids: Sequence[int],
    listed: dict[int, dict[str, Any]],
    definitions: dict[str, list[Token]],
    *,
    placed_here: bool,
) -> list[Token]:
    tokens = [Token("footnote_block_open", "", 1, meta={"placed": placed_here})]
    for index in ids:
        note = listed[index]
        label = str(note.get("label") or f"i{index + 1}")  # inline ^[...] notes have none
        meta = {"id": index, "label": label, "count": max(1, int(note.get("count") or 0))}
        tokens.append(Token("footnote_open", "", 1, meta=meta))
        if "tokens" in note:  # an inline ^[...] note
            inline = Token("inline", "", 0, children=note["tokens"], content=note["content"])
            body = [Token("paragraph_open", "p", 1), inline, Token("paragraph_close", "p", -1)]
        else:
            body = list(definitions.get(label, []))
        at = 1 if body and body[0].type == "paragraph_open" else 0  # inside the first paragraph
        # hidden: the paragraph opening before it then adds no line break
        body.insert(at, Token("footnote_backrefs", "", 0, meta=meta, hidden=True))
        tokens += body
        tokens.append(Token("footnote_close", "", -1, meta=meta))
    tokens.append(Token("footnote_block_close", "", -1))
    return tokens


def _label(tokens: Sequence[Token], idx: int) -> str:
    meta = tokens[idx].meta
    return str(meta.get("label") or f"i{int(meta['id']) + 1}")


def _ref(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    label = _label(tokens, idx)
    sub = int(tokens[idx].meta.get("subId", 0))
    ident = _ident(label)
    back = f"fnref{ident}" + (f"-{sub}" if sub else "")
    return (
        f'<sup class="footnote-ref"><a href="#fn{ident}" id="{back}">'
        f"[{escapeHtml(caption(label))}]</a></sup>"
    )


def _block_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    rule = "" if tokens[idx].meta.get("placed") else '<hr class="footnotes-sep">\n'
    return rule + '<section class="footnotes">\n<ol class="footnotes-list">\n'


def _block_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</ol>\n</section>\n"


def _open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<li id="fn{_ident(_label(tokens, idx))}" class="footnote-item">'


def _close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</li>\n"


def _backrefs(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    label = _label(tokens, idx)
    ident = _ident(label)
    count = int(tokens[idx].meta["count"])
    shown = f'<span class="footnote-label">{escapeHtml(caption(label))}.</span> '
    if count == 1:
        return (
            f'{shown}<span class="footnote-backrefs"><a href="#fnref{ident}"'
            ' class="footnote-backref">^</a></span> '
        )
    links = " ".join(
        f'<a href="#fnref{ident}{f"-{sub}" if sub else ""}" class="footnote-backref"'
        f">{_letters(sub + 1)}</a>"
        for sub in range(count)
    )
    return f'{shown}<span class="footnote-backrefs">^ {links}</span> '


def use_footnotes(md: MarkdownIt) -> None:
    """Footnotes for article bodies (on top of mdit-py-plugins' footnote syntax)."""
    md.use(footnote_plugin, move_to_end=False)
    md.core.ruler.after("inline", "footnote_place", _place)
    md.add_render_rule("footnote_ref", _ref)
    md.add_render_rule("footnote_block_open", _block_open)
    md.add_render_rule("footnote_block_close", _block_close)
    md.add_render_rule("footnote_open", _open)
    md.add_render_rule("footnote_close", _close)
    md.add_render_rule("footnote_backrefs", _backrefs)
