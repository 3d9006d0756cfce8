// Front Lines map: conflicts and reports as markers, filters by theatre and year, and the
// territorial-control layer with a date slider. Everything it loads comes from this site.
// State lives in the URL hash: #theatre=NAME&year=YYYY&date=YYYY-MM-DD&focus=SLUG
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var config = JSON.parse(box.dataset.config || "{}");
  var map = L.map(box, { worldCopyJump: true, preferCanvas: false }).setView([35, 20], 3);
  var conflictLayer = L.layerGroup().addTo(map);
  var reportLayer = L.layerGroup().addTo(map);
  var territoryLayer = null;
  var conflicts = [];
  var reports = [];
  var markers = {};
  var state = readHash();
  var els = {
    theatre: document.getElementById("filter-theatre"),
    year: document.getElementById("filter-year"),
    count: document.getElementById("marker-count"),
    panel: document.getElementById("territory-panel"),
    series: document.getElementById("territory-theatre"),
    slider: document.getElementById("territory-slider"),
    date: document.getElementById("territory-date"),
    note: document.getElementById("territory-note"),
    legend: document.getElementById("territory-legend"),
    play: document.getElementById("territory-play"),
    back: document.getElementById("territory-back"),
    forward: document.getElementById("territory-forward")
  };

  function readHash() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    return {
      theatre: params.get("theatre") || "",
      year: params.get("year") || "",
      date: params.get("date") || "",
      focus: params.get("focus") || ""
    };
  }

  function writeHash() {
    var params = new URLSearchParams();
    ["theatre", "year", "date", "focus"].forEach(function (key) {
      if (state[key]) { params.set(key, state[key]); }
    });
    var text = params.toString();
    history.replaceState(null, "", text ? "#" + text : window.location.pathname);
  }

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function siteLink(page) {
    return "../" + page.split("/").map(encodeURIComponent).join("/");
  }

  function drawBasemap() {
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "" }).addTo(map);
      return;
    }
    // Its own pane under the overlays: it may load after the territory and markers.
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = 350;
    getJSON(config.basemap).then(function (data) {
      var hasLand = (data.features || []).some(function (f) { return f.properties.kind === "land"; });
      L.geoJSON(data, {
        pane: "basemap",
        interactive: false,
        attribution: hasLand ? "Land: Natural Earth" : "",
        style: function (feature) {
          var kind = feature.properties.kind;
          if (kind === "land") {
            return { color: "#a9a58f", weight: 0.8, fillColor: "#ece8d9", fillOpacity: 1 };
          }
          return { color: "#8aa1b1", weight: kind === "parallel" || kind === "meridian" ? 0.6 : 1.4, opacity: 0.8 };
        }
      }).addTo(map);
    });
  }

  // -- markers ------------------------------------------------------------------------

  function popup(props, kind) {
    var root = document.createElement("div");
    root.className = "popup popup-" + kind;
    var title = document.createElement("a");
    title.href = siteLink(props.page);
    title.textContent = props.title;
    var heading = document.createElement("strong");
    heading.appendChild(title);
    root.appendChild(heading);
    var lines = kind === "report"
      ? ["Report, " + props.date, props.place]
      : [props.dates, props.place, (props.sides || []).map(function (s) { return s.join(", "); }).filter(Boolean).join(" — versus — ")];
    lines.forEach(function (text) {
      if (!text) { return; }
      var p = document.createElement("div");
      p.textContent = text;
      root.appendChild(p);
    });
    return root;
  }

  function matches(props) {
    if (state.theatre && (props.theatres || []).indexOf(state.theatre) < 0) { return false; }
    if (state.year) {
      var year = parseInt(state.year, 10);
      if (props.year_from === null || props.year_from === undefined) { return false; }
      if (year < props.year_from || year > props.year_to) { return false; }
    }
    return true;
  }

  function drawMarkers() {
    conflictLayer.clearLayers();
    reportLayer.clearLayers();
    markers = {};
    var shown = 0;
    conflicts.forEach(function (feature) {
      if (!matches(feature.properties)) { return; }
      var c = feature.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 7, color: "#6b1d14", weight: 1.5, fillColor: "#c0392b", fillOpacity: 0.85, className: "conflict-marker"
      }).bindPopup(popup(feature.properties, "conflict"));
      marker.addTo(conflictLayer);
      markers[feature.properties.page.replace(/^articles\//, "").replace(/\/$/, "")] = marker;
      shown += 1;
    });
    reports.forEach(function (feature) {
      if (!matches(feature.properties)) { return; }
      var c = feature.geometry.coordinates;
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 6, color: "#0b3d62", weight: 2, fillColor: "#f1c40f", fillOpacity: 0.95, className: "report-marker"
      }).bindPopup(popup(feature.properties, "report"));
      marker.addTo(reportLayer);
      markers[feature.properties.id] = marker;
    });
    box.dataset.markers = String(shown);
    if (els.count) { els.count.textContent = shown + " of " + conflicts.length + " located conflicts shown"; }
  }

  function fitToMarkers() {
    var points = [];
    conflictLayer.eachLayer(function (m) { points.push(m.getLatLng()); });
    reportLayer.eachLayer(function (m) { points.push(m.getLatLng()); });
    if (points.length) { map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 7, animate: false }); }
  }

  function focusMarker() {
    var marker = markers[state.focus];
    if (!marker) { return false; }
    map.setView(marker.getLatLng(), 7, { animate: false });
    marker.openPopup();
    return true;
  }

  // -- territory ----------------------------------------------------------------------

  var territory = { series: [], current: null, days: [], cache: {}, timer: null };

  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function calendar(first, last) {
    var days = [];
    for (var day = first; day <= last; day = addDays(day, 1)) { days.push(day); }
    return days;
  }

  function latestAtOrBefore(list, day) {
    var found = null;
    list.forEach(function (d) { if (d <= day) { found = d; } });
    return found;
  }

  function territoryStyle(feature) {
    var p = feature.properties;
    var fill = p.status === "controlled" ? 0.35 : p.status === "contested" ? 0.15 : 0;
    return {
      color: p.fill, weight: p.status === "boundary" ? 2 : 1, dashArray: p.status === "boundary" ? "4 4" : null,
      fillColor: p.fill, fillOpacity: fill, className: "territory-area"
    };
  }

  function showDay(index) {
    var series = territory.current;
    if (!series) { return; }
    index = Math.max(0, Math.min(territory.days.length - 1, index));
    els.slider.value = String(index);
    var day = territory.days[index];
    var change = latestAtOrBefore(series.changes, day);
    var mapped = latestAtOrBefore(series.days, day);
    els.date.textContent = day;
    els.note.textContent = mapped === day ? "Map of " + day + "." :
      "No map was drawn for " + day + "; showing the latest before it (" + mapped + ").";
    state.date = day;
    writeHash();
    var url = config.territory + encodeURIComponent(series.theatre) + "/" + change + ".geojson";
    var load = territory.cache[url] ? Promise.resolve(territory.cache[url]) : getJSON(url);
    load.then(function (data) {
      territory.cache[url] = data;
      if (state.date !== day) { return; }
      if (territoryLayer) { map.removeLayer(territoryLayer); }
      territoryLayer = L.geoJSON(data, { style: territoryStyle, interactive: false }).addTo(map);
      territoryLayer.bringToBack();
      box.dataset.territoryDay = day;
      box.dataset.territoryFile = change;
      box.dataset.territoryFeatures = String(data.features.length);
    });
  }

  function drawLegend(series) {
    els.legend.textContent = "";
    series.legend.forEach(function (item) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = item.fill;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item.controller));
      els.legend.appendChild(li);
    });
  }

  function chooseSeries(name) {
    var series = territory.series.filter(function (s) { return s.theatre === name; })[0] || territory.series[0];
    territory.current = series;
    els.series.value = series.theatre;
    territory.days = calendar(series.first, series.last);
    els.slider.max = String(territory.days.length - 1);
    drawLegend(series);
    var wanted = territory.days.indexOf(state.date);
    showDay(wanted >= 0 ? wanted : territory.days.length - 1);
  }

  function stop() {
    if (territory.timer) { clearInterval(territory.timer); }
    territory.timer = null;
    els.play.textContent = "Play";
    els.play.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (parseInt(els.slider.value, 10) >= territory.days.length - 1) { showDay(0); }
    els.play.textContent = "Pause";
    els.play.setAttribute("aria-pressed", "true");
    territory.timer = setInterval(function () {
      var next = parseInt(els.slider.value, 10) + 1;
      if (next >= territory.days.length) { stop(); return; }
      showDay(next);
    }, 600);
  }

  function setUpTerritory(index) {
    territory.series = index.series || [];
    if (!territory.series.length) { return; }
    els.panel.hidden = false;
    territory.series.forEach(function (s) {
      var option = document.createElement("option");
      option.value = s.theatre;
      option.textContent = s.title;
      els.series.appendChild(option);
    });
    els.series.addEventListener("change", function () { stop(); chooseSeries(els.series.value); });
    els.slider.addEventListener("input", function () { stop(); showDay(parseInt(els.slider.value, 10)); });
    els.back.addEventListener("click", function () { stop(); showDay(parseInt(els.slider.value, 10) - 1); });
    els.forward.addEventListener("click", function () { stop(); showDay(parseInt(els.slider.value, 10) + 1); });
    els.play.addEventListener("click", function () { if (territory.timer) { stop(); } else { play(); } });
    chooseSeries(state.theatre);
  }

  // -- wiring -------------------------------------------------------------------------

  els.theatre.value = state.theatre;
  els.year.value = state.year;
  els.theatre.addEventListener("change", function () {
    state.theatre = els.theatre.value;
    writeHash();
    drawMarkers();
    fitToMarkers();
    if (territory.series.some(function (s) { return s.theatre === state.theatre; })) { chooseSeries(state.theatre); }
  });
  els.year.addEventListener("input", function () {
    state.year = /^-?\d{1,4}$/.test(els.year.value) ? els.year.value : "";
    writeHash();
    drawMarkers();
  });

  drawBasemap();
  Promise.all([getJSON(config.conflicts), getJSON(config.reports)]).then(function (data) {
    conflicts = data[0].features;
    reports = data[1].features;
    drawMarkers();
    if (!(state.focus && focusMarker())) { fitToMarkers(); }
    box.dataset.ready = "true";
  });
  getJSON(config.territory + "index.json").then(setUpTerritory);
})();
