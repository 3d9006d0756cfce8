"""Existing Markdown collections (the original Front Lines site's content): one concern, one place.

    reading.py     read a collection: entries (front matter + body), image sidecars, images
    tags.py        the importer's junk tags, and the belligerent sides hidden among them
    checks.py      `diagnose`: a `Diagnosis` of `Problem`s by kind (what `frontlines doctor` shows)
    repairs.py     `plan_repairs` (in memory) and `fix_collection` (writes, originals as FILE.bak)
    articles.py    an entry as an Article (source kind "collection")
    importing.py   `import_collection`: articles, reports and image licences into the store

May import: model, errors, config, frontmatter, leaks, convert (slugify) and store (importing
only). Nothing here prints; `cli/collection.py` turns the results into output.
"""
