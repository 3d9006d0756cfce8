"""Leaf helpers shared by every layer: they import nothing of ours (only the standard library).

anchors.py     the id a section heading gets, the same in an article's JSON and on its page
namespaces.py  wiki namespace names (`Category`, `File` and their local names) in link targets

The converter (`parse`), sync (`pipeline`, `sources`) and the site (`publish`) all use these, so
`publish` never needs to import `parse` or `sources` for them.
"""
