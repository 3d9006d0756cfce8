// Front Lines search page: starts Pagefind's own UI on #search; `?q=words` in the URL searches
// at once, so a search can be linked to or bookmarked.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) { ui.triggerSearch(query.trim()); }
})();
