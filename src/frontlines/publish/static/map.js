// Front Lines map: conflicts and reports as markers, filters by theatre and year, and the
// territorial-control layer with a date slider. Everything it loads comes from this site.
// State lives in the URL hash: #theatre=NAME&year=YYYY&date=YYYY-MM-DD&focus=SLUG&events=1
// (the year astronomical: -330 is 331 BC). The events layer (data/events.geojson, loaded when
// first switched on) shows the dated sentences of the chosen theatre and year as small dots. A changed hash (Back/Forward, a pasted link) updates the map.
// Markers are focusable buttons (Tab, then Enter opens the popup); the list below the map
// follows the filters; zoomed in, Natural Earth 1:50 m land, borders and names are drawn.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var config = JSON.parse(box.dataset.config || "{}");
  var map = L.map(box, { worldCopyJump: true, preferCanvas: false }).setView([35, 20], 3);
  var conflictLayer = L.layerGroup().addTo(map);
  var reportLayer = L.layerGroup().addTo(map);
  var eventLayer = L.layerGroup().addTo(map);
  var events = null;  // the features, once loaded
  var territoryLayer = null;
  var conflicts = [];
  var reports = [];
  var markers = {};
  var state = readHash();
  var els = {
    theatre: document.getElementById("filter-theatre"),
    year: document.getElementById("filter-year"),
    count: document.getElementById("marker-count"),
    events: document.getElementById("layer-events"),
    eventCount: document.getElementById("event-count"),
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
      focus: params.get("focus") || "",
      events: params.get("events") || ""
    };
  }

  var applied = window.location.hash;

  function writeHash(push) {
    var params = new URLSearchParams();
    ["theatre", "year", "date", "focus", "events"].forEach(function (key) {
      if (state[key]) { params.set(key, state[key]); }
    });
    var text = params.toString();
    var target = text ? "#" + text : window.location.pathname + window.location.search;
    if (("#" + text) === window.location.hash) { return; }
    history[push ? "pushState" : "replaceState"](null, "", target);
    applied = window.location.hash;
  }

  // Years as readers write them: "1815", "331 BC", "331 BCE", "-331" (= 331 BC), "AD 9".
  function parseYear(text) {
    var t = String(text || "").trim().replace(/\./g, "").toUpperCase();
    if (!t) { return null; }
    var m = /^(\d{1,4})\s*(BC|BCE)$/.exec(t) || /^-\s*(\d{1,4})$/.exec(t);
    if (m) { return 1 - parseInt(m[1], 10); }
    m = /^(?:AD\s*)?(\d{1,4})(?:\s*(?:AD|CE))?$/.exec(t);
    return m ? parseInt(m[1], 10) : NaN;
  }

  function yearLabel(year) {
    return year <= 0 ? (1 - year) + " BC" : String(year);
  }

  function getJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  }

  function siteLink(page) {
    var parts = page.split("#");
    var path = "../" + parts[0].split("/").map(encodeURIComponent).join("/");
    return parts.length > 1 ? path + "#" + encodeURIComponent(parts[1]) : path;
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
    if (kind === "event") {
      title.textContent = props.article;
      heading.textContent = "";
      heading.appendChild(document.createTextNode(eventDate(props) + " · "));
      heading.appendChild(title);
    }
    var lines = kind === "event"
      ? [props.text, props.place ? "At " + props.place : ""]
      : kind === "report"
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

  var rows = Array.prototype.slice.call(document.querySelectorAll(".map-list tbody tr[data-slug]"));

  function filterList() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches({
        theatres: (row.dataset.theatres || "").split(" ").filter(Boolean),
        year_from: row.dataset.from === "" ? null : parseInt(row.dataset.from, 10),
        year_to: row.dataset.to === "" ? null : parseInt(row.dataset.to, 10)
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var note = document.getElementById("list-count");
    if (note) { note.textContent = " (" + shown + " of " + rows.length + " shown by the filters)"; }
    box.dataset.listed = String(shown);
  }

  function dot(kind) {
    return L.divIcon({ className: "map-dot " + kind + "-marker", iconSize: [16, 16], html: "" });
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

  var drawnFor = null;

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function dateLabel(edtf) {
    var m = /^(-?\d+)(?:-(\d\d))?(?:-(\d\d))?/.exec(edtf || "");
    if (!m) { return edtf || ""; }
    var text = yearLabel(parseInt(m[1], 10));
    if (m[2]) { text = MONTHS[parseInt(m[2], 10) - 1] + " " + text; }
    if (m[3]) { text = parseInt(m[3], 10) + " " + text; }
    return text;
  }

  function eventDate(props) {
    return dateLabel(props.date) + (props.end ? " – " + dateLabel(props.end) : "");
  }

  var eventsDrawnFor = null;

  function drawEvents() {
    var key = state.events + "|" + state.theatre + "|" + state.year + "|" + (events ? events.length : -1);
    if (key === eventsDrawnFor) { return; }
    eventsDrawnFor = key;
    eventLayer.clearLayers();
    if (!state.events) {
      box.dataset.events = "0";
      if (els.eventCount) { els.eventCount.textContent = ""; }
      return;
    }
    if (events === null) {
      getJSON(config.events).then(function (data) { events = data.features || []; drawEvents(); });
      return;
    }
    // Events at one spot (most fall back to their article's coordinates) share one marker,
    // numbered, whose popup lists them in date order.
    var shown = 0;
    var spots = {};
    var order = [];
    events.forEach(function (feature) {
      if (!matches(feature.properties)) { return; }
      var c = feature.geometry.coordinates;
      var key = c[1].toFixed(4) + "," + c[0].toFixed(4);
      if (!spots[key]) { spots[key] = { at: [c[1], c[0]], list: [] }; order.push(key); }
      spots[key].list.push(feature.properties);
      shown += 1;
    });
    order.forEach(function (key) {
      var spot = spots[key];
      var many = spot.list.length > 1;
      var root = document.createElement("div");
      root.className = "popup-events";
      spot.list.forEach(function (props) { root.appendChild(popup(props, "event")); });
      var first = spot.list[0];
      L.marker(spot.at, {
        icon: L.divIcon({
          className: "map-dot event-marker" + (many ? " event-group" : ""),
          iconSize: many ? [22, 22] : [10, 10], html: many ? String(spot.list.length) : "",
          // beside the spot (up and right), so a conflict marker there stays in view
          iconAnchor: many ? [-4, 26] : [-2, 12]
        }),
        title: many ? spot.list.length + " events" : eventDate(first) + ": " + first.article,
        alt: many ? spot.list.length + " events" : eventDate(first), keyboard: true
      }).bindPopup(root, { maxHeight: 320, maxWidth: Math.max(180, Math.min(300, box.clientWidth - 90)), autoPanPaddingTopLeft: [50, 10] }).addTo(eventLayer);
    });
    box.dataset.eventSpots = String(order.length);
    box.dataset.events = String(shown);
    if (els.eventCount) {
      els.eventCount.textContent = shown + " event" + (shown === 1 ? "" : "s") +
        (state.year ? " in " + yearLabel(parseInt(state.year, 10)) : "") + " on the map";
    }
  }

  function drawMarkers() {
    var key = state.theatre + "|" + state.year + "|" + conflicts.length;
    if (key === drawnFor) { return; }  // unchanged: keep the markers (and the keyboard focus)
    drawnFor = key;
    conflictLayer.clearLayers();
    reportLayer.clearLayers();
    markers = {};
    var shown = 0;
    conflicts.forEach(function (feature) {
      if (!matches(feature.properties)) { return; }
      var c = feature.geometry.coordinates;
      var marker = L.marker([c[1], c[0]], {
        icon: dot("conflict"), title: feature.properties.title, alt: feature.properties.title, keyboard: true
      }).bindPopup(popup(feature.properties, "conflict"));
      marker.addTo(conflictLayer);
      markers[feature.properties.page.replace(/^articles\//, "").replace(/\/$/, "")] = marker;
      shown += 1;
    });
    reports.forEach(function (feature) {
      if (!matches(feature.properties)) { return; }
      var c = feature.geometry.coordinates;
      var marker = L.marker([c[1], c[0]], {
        icon: dot("report"), title: feature.properties.title, alt: feature.properties.title, keyboard: true
      }).bindPopup(popup(feature.properties, "report"));
      marker.addTo(reportLayer);
      markers[feature.properties.id] = marker;
    });
    box.dataset.markers = String(shown);
    drawEvents();
    filterList();
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

  // -- close-up layers -----------------------------------------------------------------

  var detail = { zoom: 5, loaded: false, land: null, borders: null, labels: null };

  function loadDetail() {
    detail.loaded = true;
    map.createPane("borders");
    map.getPane("borders").style.zIndex = 360;
    map.getPane("borders").style.pointerEvents = "none";
    if (config.landDetail) {
      getJSON(config.landDetail).then(function (data) {
        detail.land = L.geoJSON(data, {
          pane: "basemap", interactive: false,
          style: function () { return { color: "#a9a58f", weight: 0.6, fillColor: "#ece8d9", fillOpacity: 1 }; }
        });
        showDetail();
      });
    }
    if (config.countries) {
      getJSON(config.countries).then(function (data) {
        var shapes = data.features.filter(function (f) { return f.properties.kind === "country"; });
        var names = data.features.filter(function (f) { return f.properties.kind === "label"; });
        detail.borders = L.geoJSON({ type: "FeatureCollection", features: shapes }, {
          pane: "borders", interactive: false,
          style: function () { return { color: "#8d8570", weight: 0.9, opacity: 0.9, fill: false }; }
        });
        detail.labels = L.layerGroup(names.map(function (f) {
          var c = f.geometry.coordinates;
          return L.marker([c[1], c[0]], {
            pane: "borders", interactive: false, keyboard: false, area: f.properties.area,
            icon: L.divIcon({ className: "country-label", html: "", iconSize: null })
          }).on("add", function (e) {
            var text = document.createElement("span");
            text.textContent = f.properties.name;
            e.target.getElement().replaceChildren(text);
          });
        }));
        showDetail();
      });
    }
  }

  function showDetail() {
    if (config.tileUrl || !(config.landDetail || config.countries)) { return; }
    var close = map.getZoom() >= detail.zoom;
    if (close && !detail.loaded) { loadDetail(); return; }
    [detail.land, detail.borders].forEach(function (layer) {
      if (!layer) { return; }
      if (close && !map.hasLayer(layer)) { layer.addTo(map); }
      if (!close && map.hasLayer(layer)) { map.removeLayer(layer); }
    });
    if (detail.labels) {
      var minArea = map.getZoom() >= 7 ? 0 : map.getZoom() >= 6 ? 1 : 6;
      detail.labels.eachLayer(function (label) {
        var wanted = close && label.options.area >= minArea;
        if (wanted && !map.hasLayer(label)) { label.addTo(map); }
        if (!wanted && map.hasLayer(label)) { map.removeLayer(label); }
      });
    }
    box.dataset.detail = close ? "on" : "off";
  }

  map.on("zoomend", showDetail);

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

  function showFilters() {
    els.theatre.value = state.theatre;
    if (els.events) { els.events.checked = !!state.events; }
    var year = parseInt(state.year, 10);
    els.year.value = state.year && !isNaN(year) ? yearLabel(year) : "";
    els.year.removeAttribute("aria-invalid");
  }

  function readYear(commit) {
    var year = parseYear(els.year.value);
    if (year !== null && isNaN(year)) {
      els.year.setAttribute("aria-invalid", "true");
      return;
    }
    els.year.removeAttribute("aria-invalid");
    state.year = year === null ? "" : String(year);
    if (commit && year !== null) { els.year.value = yearLabel(year); }
    writeHash(commit);
    drawMarkers();
  }

  showFilters();
  filterList();
  els.theatre.addEventListener("change", function () {
    state.theatre = els.theatre.value;
    state.focus = "";
    writeHash(true);
    drawMarkers();
    fitToMarkers();
    if (territory.series.some(function (s) { return s.theatre === state.theatre; })) { chooseSeries(state.theatre); }
  });
  els.year.addEventListener("input", function () { readYear(false); });
  if (els.events) {
    els.events.addEventListener("change", function () {
      state.events = els.events.checked ? "1" : "";
      writeHash(true);
      drawEvents();
    });
  }
  els.year.addEventListener("change", function () { readYear(true); });

  // Back/Forward and pasted links: the hash is the state.
  function followHash() {
    if (window.location.hash === applied) { return; }
    applied = window.location.hash;
    var before = state;
    state = readHash();
    showFilters();
    drawMarkers();
    drawEvents();
    if (!(state.focus && focusMarker())) {
      map.closePopup();
      fitToMarkers();
    }
    if (territory.current && state.date && state.date !== before.date) {
      var index = territory.days.indexOf(state.date);
      if (index >= 0) { showDay(index); }
    }
    box.dataset.hashApplied = applied;
  }
  window.addEventListener("hashchange", followHash);
  window.addEventListener("popstate", followHash);

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
