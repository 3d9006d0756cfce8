"""Sources of wikitext: local files and dumps (`files`, `dump`), the MediaWiki API (`api`)."""
