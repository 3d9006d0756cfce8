// Front Lines search page: starts Pagefind's own UI on #search over the site's index shards
// (pagefind/shards.json; the first is the UI's bundle, the others are merged into it);
// `?q=words` in the URL searches at once, so a search can be linked to or bookmarked.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") { return; }
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href).href;
  fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (listing) {
      var shards = (listing && listing.shards) || [];
      if (!shards.length) { return; }
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundle + shards[0] + "/",
        mergeIndex: shards.slice(1).map(function (n) { return { bundlePath: bundle + n + "/" }; }),
        showSubResults: true,
        showImages: false
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query && query.trim()) { ui.triggerSearch(query.trim()); }
    });
})();
