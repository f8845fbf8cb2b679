/* hls-graph map page: reads the escaped JSON in #hls-data, draws it with vis-network, and builds
   every piece of database text (tooltips, search results, side panel) with textContent only. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("hls-data").textContent);
  var hls = { kind: data.kind, firstDrawMs: null, ready: false, errors: [] };
  window.hlsMap = hls;

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value == null ? "" : String(value);
    if (className) { el.className = className; }
    return el;
  }

  // A tooltip as DOM: a heading and "field: value" lines, all plain text.
  function tip(heading, rows) {
    var box = document.createElement("div");
    box.className = "hls-tip";
    if (heading) { box.appendChild(text("strong", heading)); }
    (rows || []).forEach(function (row) {
      var line = document.createElement("div");
      line.appendChild(text("span", row[0] + ": "));
      line.appendChild(document.createTextNode(row[1] == null ? "" : String(row[1])));
      box.appendChild(line);
    });
    return box;
  }

  data.nodes.forEach(function (node) {
    delete node.title;  // never markup from data: the tooltip is built below
    if (node.info) { node.title = tip(node.label, node.info); }
  });
  // A link's tooltip: "from → to", its label (a sign, say) and its info rows, built on demand.
  var labelOf = {};
  data.nodes.forEach(function (node) { labelOf[node.id] = node.label == null ? node.id : node.label; });
  data.edges.forEach(function (edge) {
    delete edge.title;
    var heading = labelOf[edge.from] + " → " + labelOf[edge.to] + (edge.label ? "  (" + edge.label + ")" : "");
    edge.title = tip(heading, edge.info);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("hls-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  hls.nodes = nodes;
  hls.edges = edges;
  hls.network = network;

  // Bands: the rows of a learning stack (scales) or the columns of a trophic layout, drawn under
  // the graph as a faint line with its name (canvas text: never markup).
  var bands = data.bands || [];
  if (bands.length) {
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.font = "600 15px sans-serif";
      ctx.strokeStyle = "#e4e7eb";
      ctx.fillStyle = "#7b8794";
      ctx.lineWidth = 1;
      bands.forEach(function (band) {
        ctx.beginPath();
        if (band.y != null) {
          ctx.moveTo(band.from, band.y);
          ctx.lineTo(band.to, band.y);
          ctx.stroke();
          ctx.textAlign = "right";
          ctx.fillText(String(band.label), band.from - 12, band.y + 5);
        } else {
          ctx.moveTo(band.x, band.from);
          ctx.lineTo(band.x, band.to);
          ctx.stroke();
          ctx.textAlign = "center";
          ctx.fillText(String(band.label), band.x, band.from - 14);
        }
      });
      ctx.restore();
    });
  }

  // Fit the drawing AND the band labels (scale names left of the rows, level names above the
  // columns): vis-network's own fit knows only the nodes, and cut the labels off.
  function fitAll() {
    var ids = nodes.getIds();
    if (!ids.length) { return; }
    var box = null;
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) { return; }
      box = box ? { left: Math.min(box.left, b.left), right: Math.max(box.right, b.right),
                    top: Math.min(box.top, b.top), bottom: Math.max(box.bottom, b.bottom) } : b;
    });
    if (!box) { return; }
    var ctx = container.querySelector("canvas").getContext("2d");
    ctx.save();
    ctx.font = "600 15px sans-serif";
    bands.forEach(function (band) {
      if (band.y != null) {
        box.left = Math.min(box.left, band.from - 24 - ctx.measureText(String(band.label)).width);
      } else {
        box.top = Math.min(box.top, band.from - 34);
      }
    });
    ctx.restore();
    var width = container.clientWidth, height = container.clientHeight;
    var scale = Math.min(width / (box.right - box.left + 40), height / (box.bottom - box.top + 40), 1.5);
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, scale: scale });
  }
  // Labels legible at the first zoom: about 11 px on screen (canvas size ÷ zoom). A label wider
  // than the room to its nearest neighbour on the same row is shortened with "…" (hidden when not
  // even a few letters fit); the full name stays in the tooltip, the side panel and the search.
  var MIN_SCREEN_FONT = 11, CHAR_WIDTH = 0.56;
  function legibleLabels() {
    var scale = network.getScale();
    if (!(scale > 0)) { return; }
    var size = Math.min(Math.ceil(MIN_SCREEN_FONT / scale), 48);
    var positions = network.getPositions();
    var updates = [];
    data.nodes.forEach(function (node) {
      var label = String(node.label == null ? node.id : node.label);
      var own = (node.font && node.font.size) || 14;
      var font = Object.assign({}, node.font || {}, { size: Math.max(size, own) });
      var update = { id: node.id, font: font };
      if (node.shape !== "box") {
        var here = positions[node.id], room = Infinity;
        data.nodes.forEach(function (other) {
          var there = positions[other.id];
          if (other.id !== node.id && there && Math.abs(there.y - here.y) < font.size * 1.6) {
            room = Math.min(room, Math.abs(there.x - here.x));
          }
        });
        var fits = Math.floor(room / (font.size * CHAR_WIDTH));
        if (label.length > fits) { update.label = fits >= 5 ? label.slice(0, fits - 1) + "…" : " "; }
      }
      updates.push(update);
    });
    nodes.update(updates);
    hls.labelSize = size;
  }
  var legend = document.getElementById("hls-legend");
  if (legend) {
    // a small frame (an embedded map, a phone) starts with the legend closed: the map comes first
    if (window.innerWidth < 700 || window.innerHeight < 480) { legend.open = false; }
    legend.addEventListener("toggle", function () { network.setSize("100%", "100%"); network.redraw(); });
  }
  network.once("afterDrawing", function () {
    fitAll();
    legibleLabels();
    hls.firstDrawMs = performance.now();
    hls.ready = true;
  });
  // Physics maps settle once, then stay still (a map that keeps moving is hard to read).
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    fitAll();
    hls.stabilised = true;
  });

  // Side panel: a node's panel rows (or its tooltip fields) on click.
  var panel = document.getElementById("hls-panel");
  var panelHeading = document.getElementById("hls-panel-heading");
  var panelRows = document.getElementById("hls-panel-rows");
  function showPanel(node) {
    var content = node.panel || { heading: node.label, rows: node.info || [] };
    panelHeading.textContent = content.heading == null ? "" : String(content.heading);
    panelRows.replaceChildren();
    content.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(text("th", row[0]));
      tr.appendChild(text("td", row[1]));
      panelRows.appendChild(tr);
    });
    panel.hidden = false;
    hls.panelFor = node.id;
  }
  network.on("click", function (event) {
    if (event.nodes.length) { showPanel(nodes.get(event.nodes[0])); }
  });
  document.getElementById("hls-panel-close").addEventListener("click", function () {
    panel.hidden = true;
    hls.panelFor = null;
  });

  // Search: select every node whose name contains the text; list up to 30; click one to focus it.
  var input = document.getElementById("hls-search");
  var results = document.getElementById("hls-results");
  var count = document.getElementById("hls-search-count");
  var searchable = data.nodes.map(function (node) {
    return { id: node.id, label: String(node.label == null ? node.id : node.label) };
  });
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 300 } });
    showPanel(nodes.get(id));
  }
  function search() {
    var query = input.value.trim().toLowerCase();
    results.replaceChildren();
    if (!query) {
      count.textContent = "";
      network.unselectAll();
      return;
    }
    var found = searchable.filter(function (item) { return item.label.toLowerCase().indexOf(query) >= 0; });
    count.textContent = found.length + (found.length === 1 ? " match" : " matches");
    network.selectNodes(found.map(function (item) { return item.id; }));
    found.slice(0, 30).forEach(function (item) {
      var li = document.createElement("li");
      var button = text("button", item.label);
      button.type = "button";
      button.addEventListener("click", function () { focusNode(item.id); });
      li.appendChild(button);
      results.appendChild(li);
    });
    if (found.length === 1) { network.focus(found[0].id, { scale: 1.2 }); }
  }
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && results.firstChild) { results.firstChild.firstChild.click(); }
    if (event.key === "Escape") { input.value = ""; search(); }
  });
})();
