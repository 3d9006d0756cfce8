"""Where data enters: every reading of a source lives here, and nothing else does.

    files.py      wikitext files and folders (and which files are dumps)
    dump.py       MediaWiki XML dumps, plain or .bz2, streamed
    api.py        the MediaWiki Action API (httpx), with retries and maxlag
    images.py     Commons image licences
    territory.py  dated territorial-control GeoJSON (`frontlines territory import`)
    reports.py    original battle reports, Markdown with front matter (content/reports/)

May import: model, errors, config and the leaf modules (frontmatter, leaks); never parse,
extract, store, publish or cli (checked by `make layers`). Reading returns records from model.py
or raises SourceError (InputFormatError, FetchError); it never prints.
"""
