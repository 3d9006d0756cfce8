// Front Lines timeline: zoom buttons widen the axis; the list reads the same without them.
(function () {
  "use strict";
  var tools = document.querySelector(".timeline-tools");
  var box = document.querySelector(".timeline");
  if (!tools || !box) { return; }
  tools.hidden = false;
  var zoom = 1;
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    if (!button) { return; }
    zoom = button.dataset.zoom === "in" ? Math.min(zoom * 2, 64) : Math.max(zoom / 2, 1);
    box.style.setProperty("--zoom", String(zoom));
  });
})();
