"""Reading Pagefind UI's results in a browser test, once they have all loaded."""

from __future__ import annotations

from typing import Any

# Pagefind UI lists the results in rank order at once, each as a placeholder (its title and
# excerpt with the class pagefind-ui__loading) until that result's data arrives; the links
# therefore appear out of rank order, the more so the more index shards the site has.
_ALL_LOADED = (
    "() => document.querySelector('.pagefind-ui__result') !== null"
    " && document.querySelector('.pagefind-ui__result .pagefind-ui__loading') === null"
)


def result_titles(page: Any) -> list[str]:
    """The titles of the results shown, in rank order, after every one has loaded."""
    page.wait_for_function(_ALL_LOADED)
    titles: list[str] = page.locator(".pagefind-ui__result-link").all_inner_texts()
    return titles


def result_excerpts(page: Any) -> list[str]:
    """The excerpts of the results shown, after every one has loaded."""
    page.wait_for_function(_ALL_LOADED)
    excerpts: list[str] = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    return excerpts
