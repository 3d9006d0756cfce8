// Front Lines timeline: zoom buttons widen the axis; tick labels that would touch are hidden
// (major ticks kept first), so labels never overlap at any width. The list reads the same
// without JavaScript (the stylesheet then hides the minor ticks on narrow screens).
(function () {
  "use strict";
  var tools = document.querySelector(".timeline-tools");
  var box = document.querySelector(".timeline");
  if (!tools || !box) { return; }
  tools.hidden = false;
  var zoom = 1;
  var ticks = Array.prototype.slice.call(box.querySelectorAll(".axis .tick"));
  document.documentElement.classList.add("timeline-js");

  function thin() {
    var shown = [];
    var ordered = ticks.filter(function (t) { return !t.classList.contains("minor"); })
      .concat(ticks.filter(function (t) { return t.classList.contains("minor"); }));
    ticks.forEach(function (t) { t.classList.remove("thinned"); t.style.visibility = "visible"; });
    var rects = ordered.map(function (t) { return t.getBoundingClientRect(); });
    ordered.forEach(function (tick, i) {
      var r = rects[i];
      var clash = shown.some(function (s) { return r.left < s.right + 6 && s.left < r.right + 6; });
      if (clash) { tick.classList.add("thinned"); } else { shown.push(r); }
      tick.style.visibility = "";
    });
    box.dataset.ticksShown = String(shown.length);
  }

  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    if (!button) { return; }
    zoom = button.dataset.zoom === "in" ? Math.min(zoom * 2, 64) : Math.max(zoom / 2, 1);
    box.style.setProperty("--zoom", String(zoom));
    thin();
  });
  window.addEventListener("resize", thin);
  thin();
})();
