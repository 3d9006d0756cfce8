// Front Lines search page: starts Pagefind's own UI on #search; `?q=words` in the URL searches
// at once, so a search can be linked to or bookmarked.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  // Long articles must not lose to short pages that mention their subject once: less
  // penalty for page length than Pagefind's default (0.75).
  var ui = new PagefindUI({
    element: "#search", showSubResults: true, showImages: false,
    ranking: { pageLength: 0.2, termSaturation: 1.6 }
  });
  // Pagefind's input has no label of its own: tie it to the page's <label for="search-input">.
  var tries = 0;
  (function label() {
    var input = box.querySelector("input");
    if (input) {
      input.id = "search-input";
      input.setAttribute("aria-labelledby", "search-label");
    } else if (tries++ < 100) {
      window.requestAnimationFrame(label);
    }
  })();
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) { ui.triggerSearch(query.trim()); }
})();
