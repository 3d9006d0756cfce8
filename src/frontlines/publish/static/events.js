// Front Lines events page: the filters (conflict, year) hide the events that do not match and
// the month and year headings left empty. Every event is in the HTML, so the page reads the
// same without this script. State lives in the URL hash: #article=SLUG&year=YYYY.
(function () {
  "use strict";
  var filters = document.querySelector(".event-filters");
  var list = document.getElementById("events");
  if (!filters || !list) { return; }
  var article = document.getElementById("events-article");
  var year = document.getElementById("events-year");
  var count = document.getElementById("events-count");
  var events = Array.prototype.slice.call(list.querySelectorAll("li.event"));
  filters.hidden = false;

  function readHash() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    if (params.has("article")) { article.value = params.get("article"); }
    if (params.has("year")) { year.value = params.get("year"); }
    if (article.selectedIndex < 0) { article.value = ""; }
    if (year.selectedIndex < 0) { year.value = ""; }
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (article.value) { params.set("article", article.value); }
    if (year.value) { params.set("year", year.value); }
    var text = params.toString();
    history.replaceState(null, "", text ? "#" + text : window.location.pathname);
  }

  function apply() {
    var shown = 0;
    events.forEach(function (li) {
      var ok = (!article.value || li.dataset.article === article.value) &&
        (!year.value || li.dataset.year === year.value);
      li.hidden = !ok;
      if (ok) { shown += 1; }
    });
    list.querySelectorAll(".event-month, .event-year").forEach(function (section) {
      section.hidden = !section.querySelector("li.event:not([hidden])");
    });
    count.textContent = shown + " of " + events.length + " events shown";
    list.dataset.shown = String(shown);
  }

  if (/^#(article|year)=/.test(window.location.hash)) { readHash(); }
  [article, year].forEach(function (select) {
    select.addEventListener("change", function () { writeHash(); apply(); });
  });
  apply();
})();
