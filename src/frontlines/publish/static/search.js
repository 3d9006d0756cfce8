// Front Lines search page: starts Pagefind's own UI on #search over the site's index shards
// (pagefind/shards.json; the first is the UI's bundle, the others are merged into it);
// `?q=words` in the URL searches at once, so a search can be linked to or bookmarked.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href).href;
  // Pagefind's input has no label of its own: tie it to the page's <label for="search-input">.
  function label(tries) {
    var input = box.querySelector("input");
    if (input) {
      input.id = "search-input";
      input.setAttribute("aria-labelledby", "search-label");
    } else if (tries < 100) {
      window.requestAnimationFrame(function () { label(tries + 1); });
    }
  }
  fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (listing) {
      var shards = (listing && listing.shards) || [];
      if (!shards.length) { return; }
      // Long articles must not lose to short pages that mention their subject once: less
      // penalty for page length than Pagefind's default (0.75). Every shard ranks alike.
      var ranking = { pageLength: 0.2, termSaturation: 1.6 };
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundle + shards[0] + "/",
        mergeIndex: shards.slice(1).map(function (n) {
          return { bundlePath: bundle + n + "/", ranking: ranking };
        }),
        ranking: ranking,
        showSubResults: true,
        showImages: false
      });
      label(0);
      var query = new URLSearchParams(window.location.search).get("q");
      if (query && query.trim()) { ui.triggerSearch(query.trim()); }
    });
})();
