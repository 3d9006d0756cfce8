"""Front Lines: keep a conflict-tracking publication up to date from Wikipedia.

The layers, lowest first (each may import those below it; `make layers` checks the contracts in
pyproject.toml):

    model, errors, frontmatter, leaks   records, errors, leaf helpers: import nothing of ours
    config                              frontlines.toml
    sources/, parse/, store/            where data enters, wikitext → Markdown, SQLite
    extract/                            the conflict record, from parsed wikitext
    markdown_entry, convert             one page → Article → files; a batch (`convert`)
    collection/, pipeline, territory    Markdown collections, sync, territory import
    publish/                            the site, from data alone (no sources, no parse)
    build                               store + content/reports → site (`build`)
    cli/                                the commands: the only code that prints
"""

__version__ = "0.1.0"
