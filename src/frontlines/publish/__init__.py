"""The static site, from data alone: gather (store + handed-in reports) → plan → write.

    gather.py      SiteData from the store, the config and the reports `build.py` read
    data.py        the site's input records (SiteSettings, SiteArticle, SiteData)
    site.py        plan and write the whole site; pages.py, feeds.py, exports.py, maps.py,
                   territory.py, timeline.py, views.py, markup.py, sanitize.py the parts
    writer.py, linkcheck.py, search.py, preview.py   writing, checking, Pagefind, `serve`

May import: model, errors, config and store.records (the rows a build reads); never sources or
parse (a build never reads a source file) and never typer or rich (only cli prints).
"""
