/* hls-graph explorer. Builds every piece of database text with textContent (never markup), asks only
   this service for data, and keeps each page's state in its URL so that a copied URL restores it. */
(function () {
  "use strict";
  var hls = { ready: false, errors: [] };
  window.hlsExplorer = hls;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text != null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var e = new Error(body.message || ("HTTP " + r.status)); e.body = body; throw e; }
        return body;
      });
    });
  }

  // ---- sortable tables: every table.sortable gets header buttons (keyboard reachable) ----------
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.getAttribute("data-value");
    if (raw == null) { raw = cell.textContent.trim(); }
    if (numeric) { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return raw.toLowerCase();
  }
  function sortTable(table, index, direction) {
    var head = table.tHead.rows[0].cells[index];
    var numeric = head.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      return (x < y ? -1 : x > y ? 1 : 0) * (direction === "ascending" ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", direction);
  }
  function makeSortable(table) {
    if (table.getAttribute("data-sortable-ready")) { return; }
    table.setAttribute("data-sortable-ready", "1");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = el("button", th.textContent);
      button.type = "button";
      button.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var now = th.getAttribute("aria-sort");
        var next = now ? (now === "ascending" ? "descending" : "ascending") : (numeric ? "descending" : "ascending");
        sortTable(table, index, next);
      });
    });
  }
  document.querySelectorAll("table.sortable").forEach(makeSortable);

  // ---- home: one search box, ranked results, arrow keys + Enter -------------------------------
  function initHome() {
    var input = document.getElementById("q");
    var list = document.getElementById("results");
    var status = document.getElementById("search-status");
    var active = -1, timer = null, asked = 0;
    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function setActive(i) {
      var all = options();
      if (!all.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (i + all.length) % all.length;
      all.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function show(hits, query) {
      list.replaceChildren();
      hits.forEach(function (hit, i) {
        var li = el("li");
        li.id = "hit-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", hit.url || "");
        li.appendChild(el("span", hit.kind, "kind kind-" + hit.kind));
        if (hit.url) { var a = el("a", hit.name); a.href = hit.url; a.tabIndex = -1; li.appendChild(a); }
        else { li.appendChild(document.createTextNode(hit.name)); }
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", hit.context, "muted"));
        li.addEventListener("click", function (event) {
          if (hit.url && event.target.tagName !== "A") { window.location.href = hit.url; }
        });
        list.appendChild(li);
      });
      input.setAttribute("aria-expanded", hits.length ? "true" : "false");
      status.textContent = query ? hits.length + (hits.length === 1 ? " match" : " matches") + " for “" + query + "”" : "";
      active = -1;
      hls.results = hits;
    }
    function run() {
      var query = input.value.trim();
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url.pathname + url.search);
      if (!query) { show([], ""); return; }
      var ticket = ++asked;
      getJSON("/explore/api/search?q=" + encodeURIComponent(query)).then(function (hits) {
        if (ticket === asked) { show(hits, query); hls.searched = query; }
      }).catch(function (e) { status.textContent = e.message; });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        var url = options()[active].getAttribute("data-url");
        if (url) { window.location.href = url; }
      } else if (event.key === "Escape") { input.value = ""; run(); }
    });
    document.getElementById("search-form").addEventListener("submit", function (event) {
      event.preventDefault(); clearTimeout(timer); run();
    });
    if (input.value.trim()) { hls.searched = input.value.trim(); }
    hls.ready = true;
  }

  // ---- system page ------------------------------------------------------------------------------
  var HIGHLIGHT_KEYS = ["loop", "focus", "direction", "steps", "from", "to"];

  function initSystem() {
    var info = JSON.parse(document.getElementById("system-data").textContent);
    var nameOf = {}, idOfName = {}, clusterOf = {};
    info.factors.forEach(function (id, i) {
      nameOf[id] = info.names[i]; idOfName[info.names[i].toLowerCase()] = id; clusterOf[id] = info.clusters[i];
    });
    var params = new URLSearchParams(window.location.search);
    var state = {
      layout: params.get("layout") || "auto", factor: params.get("factor"),
      clusters: params.getAll("cluster"), hidden: params.getAll("hide"),
      loop: params.get("loop"), focus: params.get("focus"), direction: params.get("direction"),
      steps: params.get("steps"), from: params.get("from"), to: params.get("to"),
      max_length: params.get("max_length") || "6", loops: params.get("loops") || "all",
      view: params.get("view") || "map",
    };
    hls.state = state;
    var frame = document.getElementById("map");
    var status = document.getElementById("status");
    var loadedSrc = null;

    function factorId(text) {
      if (!text) { return null; }
      if (nameOf[text]) { return text; }
      return idOfName[text.trim().toLowerCase()] || text.trim();
    }
    function writeURL() {
      var q = new URLSearchParams();
      if (state.layout !== "auto") { q.set("layout", state.layout); }
      if (state.factor) { q.set("factor", state.factor); }
      state.clusters.forEach(function (c) { q.append("cluster", c); });
      state.hidden.forEach(function (p) { q.append("hide", p); });
      HIGHLIGHT_KEYS.forEach(function (k) { if (state[k]) { q.set(k, state[k]); } });
      if (state.max_length !== "6") { q.set("max_length", state.max_length); }
      if (state.loops !== "all") { q.set("loops", state.loops); }
      if (state.view !== "map") { q.set("view", state.view); }
      var text = q.toString();
      history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
    }
    function mapSrc() {
      var q = new URLSearchParams();
      q.set("layout", state.layout);
      HIGHLIGHT_KEYS.forEach(function (k) { if (state[k]) { q.set(k, state[k]); } });
      if (state.from || state.loop) { q.set("max_length", state.max_length); }
      return "/maps/systems/" + encodeURIComponent(info.id) + "?" + q.toString();
    }
    function mapWindow() { try { return frame.contentWindow; } catch (e) { return null; } }
    function mapApi() { var w = mapWindow(); return w && w.hlsMap && w.hlsMap.ready ? w.hlsMap : null; }

    function reloadMap() {
      var src = mapSrc();
      if (src === loadedSrc) { return; }
      loadedSrc = src;
      hls.mapReady = false;
      frame.src = src;
    }
    function whenMapReady(callback) {
      var tries = 0;
      (function poll() {
        var api = mapApi();
        var w = mapWindow();
        if (api) { callback(api); return; }
        if (w && w.document && w.document.body && !w.document.getElementById("hls-network") &&
            w.document.readyState === "complete" && w.location.href !== "about:blank") {
          // the map answered an error page: show its message
          var message = w.document.querySelector(".error-message");
          status.textContent = message ? message.textContent : "The map could not be drawn.";
          hls.mapError = status.textContent;
          return;
        }
        if (tries++ < 600) { setTimeout(poll, 50); }
      })();
    }
    frame.addEventListener("load", function () {
      whenMapReady(function (api) {
        api.network.on("click", function (event) {
          if (event.nodes.length) { selectFactor(event.nodes[0], false); }
        });
        applyFilters();
        if (state.factor && nameOf[state.factor]) { api.network.selectNodes([state.factor]); }
        hls.mapReady = true;
      });
    });

    // filters: clusters shown (none pressed = all), polarities hidden
    function applyFilters() {
      var api = mapApi();
      document.querySelectorAll("#cluster-filters [data-cluster]").forEach(function (b) {
        b.setAttribute("aria-pressed", state.clusters.indexOf(b.getAttribute("data-cluster")) >= 0 ? "true" : "false");
      });
      document.querySelectorAll("#polarity-filters [data-polarity]").forEach(function (b) {
        b.setAttribute("aria-pressed", state.hidden.indexOf(b.getAttribute("data-polarity")) >= 0 ? "false" : "true");
      });
      var shown = 0;
      var visible = {};
      info.factors.forEach(function (id) {
        visible[id] = !state.clusters.length || state.clusters.indexOf(clusterOf[id] || "") >= 0;
        if (visible[id]) { shown += 1; }
      });
      hls.visibleFactors = shown;
      if (!api) { return; }
      api.nodes.update(info.factors.map(function (id) { return { id: id, hidden: !visible[id] }; }));
      var edgeUpdates = [], edgesShown = 0;
      api.edges.forEach(function (edge) {
        var polarity = edge.polarity || (edge.label && edge.label.charAt(0) === "−" ? "negative" :
          edge.label && edge.label.charAt(0) === "?" ? "unknown" : "positive");
        var hide = !visible[edge.from] || !visible[edge.to] || state.hidden.indexOf(polarity) >= 0;
        if (!hide) { edgesShown += 1; }
        edgeUpdates.push({ id: edge.id, hidden: hide });
      });
      api.edges.update(edgeUpdates);
      hls.visibleEdges = edgesShown;
      status.textContent = (state.clusters.length || state.hidden.length)
        ? "Showing " + shown + " of " + info.factors.length + " factors and " + edgesShown + " links" : "";
    }
    function toggle(list, value) {
      var i = list.indexOf(value);
      if (i >= 0) { list.splice(i, 1); } else { list.push(value); }
    }
    document.querySelectorAll("#cluster-filters [data-cluster]").forEach(function (b) {
      b.addEventListener("click", function () { toggle(state.clusters, b.getAttribute("data-cluster")); writeURL(); applyFilters(); });
    });
    document.querySelectorAll("#polarity-filters [data-polarity]").forEach(function (b) {
      b.addEventListener("click", function () { toggle(state.hidden, b.getAttribute("data-polarity")); writeURL(); applyFilters(); });
    });

    // highlights: one at a time, as the map route wants
    function setHighlight(values) {
      HIGHLIGHT_KEYS.forEach(function (k) { state[k] = null; });
      Object.keys(values).forEach(function (k) { state[k] = values[k]; });
      status.textContent = "";
      hls.mapError = null;
      writeURL();
      reloadMap();
    }
    var layout = document.getElementById("layout");
    layout.value = state.layout;
    layout.addEventListener("change", function () { state.layout = layout.value; writeURL(); reloadMap(); });
    var factorInput = document.getElementById("factor-input");
    var steps = document.getElementById("steps");
    if (state.steps) { steps.value = state.steps; }
    function focusOn(direction) {
      var id = factorId(factorInput.value) || state.factor;
      if (!id) { status.textContent = "Choose a factor first (type its name or click it on the map)."; return; }
      setHighlight({ focus: id, direction: direction, steps: steps.value || "2" });
      if (nameOf[id]) { selectFactor(id, false); }
    }
    document.getElementById("btn-upstream").addEventListener("click", function () { focusOn("upstream"); });
    document.getElementById("btn-downstream").addEventListener("click", function () { focusOn("downstream"); });
    document.getElementById("btn-both").addEventListener("click", function () { focusOn("both"); });
    var pathFrom = document.getElementById("path-from"), pathTo = document.getElementById("path-to");
    if (state.from) { pathFrom.value = nameOf[state.from] || state.from; }
    if (state.to) { pathTo.value = nameOf[state.to] || state.to; }
    document.getElementById("btn-path").addEventListener("click", function () {
      if (!pathFrom.value || !pathTo.value) { status.textContent = "A path needs both ends: from and to."; return; }
      setHighlight({ from: factorId(pathFrom.value), to: factorId(pathTo.value) });
    });
    document.getElementById("btn-clear").addEventListener("click", function () { setHighlight({}); });

    // views: map or table
    function setView(view) {
      state.view = view;
      document.getElementById("btn-view-map").setAttribute("aria-pressed", view === "map" ? "true" : "false");
      document.getElementById("btn-view-table").setAttribute("aria-pressed", view === "table" ? "true" : "false");
      frame.hidden = view !== "map";
      document.getElementById("table-view").hidden = view !== "table";
      writeURL();
    }
    document.getElementById("btn-view-map").addEventListener("click", function () { setView("map"); });
    document.getElementById("btn-view-table").addEventListener("click", function () { setView("table"); });
    var tableFilter = document.getElementById("table-filter");
    tableFilter.addEventListener("input", function () {
      var text = tableFilter.value.trim().toLowerCase().replace(/[\W_]+/g, " ");
      document.querySelectorAll("#factor-table tbody tr, #link-table tbody tr").forEach(function (row) {
        row.hidden = text && row.textContent.toLowerCase().replace(/[\W_]+/g, " ").indexOf(text) < 0;
      });
    });
    document.querySelectorAll("a.factor-link").forEach(function (a) {
      a.addEventListener("click", function (event) {
        event.preventDefault(); selectFactor(a.getAttribute("data-factor"), true);
      });
    });

    // the factor panel
    var panelHeading = document.getElementById("factor-heading");
    var panelBody = document.getElementById("factor-body");
    function factorButton(ref) {
      var b = el("button", ref.name || ref.id, "chip");
      b.type = "button";
      b.addEventListener("click", function () { selectFactor(ref.id, true); });
      return b;
    }
    function polaritySign(p) { return p === "positive" ? "+" : p === "negative" ? "−" : "?"; }
    function renderPanel(f) {
      panelHeading.textContent = f.name || f.id;
      document.getElementById("factor-hint").hidden = true;
      panelBody.replaceChildren();
      var dl = el("dl");
      [["Definition", f.description || "—"], ["Cluster", f.cluster || "—"], ["Id", f.id]].forEach(function (row) {
        dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1]));
      });
      panelBody.appendChild(dl);
      var c = f.centrality, r = f.ranks;
      panelBody.appendChild(el("h3", "Centrality"));
      var cent = el("ul");
      cent.appendChild(el("li", "on " + c.loops + " feedback loops of ≤ " + f.loops.max_length + " links (rank " + r.loops + " of " + f.of + ")"));
      cent.appendChild(el("li", c.in_degree + " links in, " + c.out_degree + " out (degree rank " + r.degree + ")"));
      cent.appendChild(el("li", "betweenness " + c.betweenness.toFixed(3) + " (rank " + r.betweenness + ")"));
      cent.appendChild(el("li", "reaches " + c.reach + " factors downstream"));
      panelBody.appendChild(cent);
      [["Upstream (influenced by)", f.upstream], ["Downstream (influences)", f.downstream]].forEach(function (part) {
        panelBody.appendChild(el("h3", part[0] + " — " + part[1].length));
        var ul = el("ul");
        part[1].forEach(function (n) {
          var li = el("li");
          li.appendChild(el("span", polaritySign(n.polarity) + " ", "pol-" + n.polarity));
          li.appendChild(factorButton(n));
          ul.appendChild(li);
        });
        panelBody.appendChild(ul);
      });
      var totals = f.loops.totals;
      panelBody.appendChild(el("h3", "Loops through it: " + totals.total + (f.loops.complete ? "" : "+")));
      var act = el("div", null, "row");
      [["Upstream", "upstream"], ["Downstream", "downstream"]].forEach(function (pair) {
        var b = el("button", pair[0] + " " + (steps.value || 2) + " steps");
        b.type = "button";
        b.addEventListener("click", function () { factorInput.value = f.name; focusOn(pair[1]); });
        act.appendChild(b);
      });
      var lb = el("button", "List its loops");
      lb.type = "button";
      lb.addEventListener("click", function () { throughBox.checked = true; state.loops = "factor"; writeURL(); loadLoops(); });
      act.appendChild(lb);
      panelBody.appendChild(act);
      panelBody.appendChild(el("h3", "Experiments acting on it — " + f.experiments.length));
      var ex = el("ul");
      f.experiments.forEach(function (x) {
        var li = el("li");
        li.appendChild(el("span", (x.question || x.id) + " "));
        if (x.cycle_id) {
          var a = el("a", x.cycle_name || x.cycle_id);
          a.href = "/explore/cycles/" + encodeURIComponent(x.cycle_id) + "#experiment-" + encodeURIComponent(x.id);
          li.appendChild(a);
          li.appendChild(el("span", " (" + (x.scale || "") + ", " + (x.status || "") + ")", "muted"));
        }
        ex.appendChild(li);
      });
      panelBody.appendChild(ex);
    }
    function selectFactor(id, onMap) {
      state.factor = id;
      writeURL();
      if (nameOf[id]) { factorInput.value = nameOf[id]; }
      var api = mapApi();
      if (api && onMap && nameOf[id]) {
        api.network.selectNodes([id]);
        api.network.focus(id, { scale: 1.1, animation: false });
      }
      getJSON("/explore/api/systems/" + encodeURIComponent(info.id) + "/factors/" + encodeURIComponent(id) +
              "?max_length=" + encodeURIComponent(state.max_length)).then(function (f) {
        hls.panel = f;
        renderPanel(f);
        if (state.loops === "factor") { loadLoops(); }
      }).catch(function (e) {
        panelHeading.textContent = "Factor";
        panelBody.replaceChildren(el("p", e.message, "flag"));
      });
    }

    // the loop panel: all loops, or those through the selected factor
    var loopLength = document.getElementById("loop-length");
    var throughBox = document.getElementById("loops-through");
    loopLength.value = state.max_length;
    throughBox.checked = state.loops === "factor";
    var loopTable = document.getElementById("loop-table");
    function loadLoops() {
      var through = throughBox.checked && state.factor;
      var url = "/systems/" + encodeURIComponent(info.id) + "/loops?limit=300&max_length=" +
        encodeURIComponent(state.max_length) + (through ? "&through=" + encodeURIComponent(state.factor) : "");
      var totalsLine = document.getElementById("loop-totals");
      totalsLine.textContent = "Counting…";
      getJSON(url).then(function (answer) {
        var parts = Object.keys(answer.totals).filter(function (k) { return k !== "total"; }).map(function (k) {
          return answer.totals[k] + " " + k;
        });
        totalsLine.textContent = answer.totals.total + " loops" + (through ? " through " + (nameOf[state.factor] || state.factor) : "") +
          " of ≤ " + answer.max_length + " links: " + parts.join(", ") + (answer.complete ? "" : " (counting stopped early)") +
          (answer.loops.length < answer.totals.total ? "; first " + answer.loops.length + " listed" : "");
        var body = loopTable.tBodies[0];
        body.replaceChildren();
        answer.loops.forEach(function (loop) {
          var tr = el("tr");
          var ids = loop.factors.map(function (f) { return f.id; }).join(",");
          tr.setAttribute("data-loop", ids);
          if (state.loop === ids) { tr.className = "current"; }
          tr.appendChild(el("td", loop.length));
          tr.appendChild(el("td", loop.polarity, "pol-" + (loop.polarity === "balancing" ? "negative" : "positive")));
          var td = el("td");
          var b = el("button", loop.factors.map(function (f) { return f.name || f.id; }).join(" → "), "loop");
          b.type = "button";
          b.addEventListener("click", function () {
            loopTable.querySelectorAll("tr.current").forEach(function (row) { row.className = ""; });
            tr.className = "current";
            setHighlight({ loop: ids });
          });
          td.appendChild(b);
          tr.appendChild(td);
          body.appendChild(tr);
        });
        hls.loops = answer;
      }).catch(function (e) { totalsLine.textContent = e.message; });
    }
    loopLength.addEventListener("change", function () {
      state.max_length = loopLength.value; writeURL(); loadLoops();
      if (state.factor) { selectFactor(state.factor, false); }
    });
    throughBox.addEventListener("change", function () {
      state.loops = throughBox.checked ? "factor" : "all"; writeURL(); loadLoops();
    });

    // export the current view: PNG from the map's canvas, SVG drawn from its positions
    function download(blob, name) {
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = name;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }
    function fileStem() { return info.id.replace(/[^\w.-]+/g, "_"); }
    document.getElementById("btn-png").addEventListener("click", function () {
      var w = mapWindow();
      var canvas = w && w.document.querySelector("#hls-network canvas");
      if (!canvas) { status.textContent = "The map is not drawn yet."; return; }
      canvas.toBlob(function (blob) { download(blob, fileStem() + ".png"); }, "image/png");
    });
    document.getElementById("btn-svg").addEventListener("click", function () {
      var api = mapApi();
      if (!api) { status.textContent = "The map is not drawn yet."; return; }
      download(new Blob([toSVG(api)], { type: "image/svg+xml" }), fileStem() + ".svg");
    });
    function colourOf(value, fallback) {
      if (!value) { return fallback; }
      if (typeof value === "string") { return value; }
      return value.background || value.color || fallback;
    }
    function toSVG(api) {
      var NS = "http://www.w3.org/2000/svg";
      var positions = api.network.getPositions();
      var groups = (api.network.body && api.network.body.groups && api.network.body.groups._groups) || {};
      var ids = Object.keys(positions).filter(function (id) { var n = api.nodes.get(id); return n && !n.hidden; });
      var xs = ids.map(function (id) { return positions[id].x; }), ys = ids.map(function (id) { return positions[id].y; });
      var pad = 120;
      var minX = Math.min.apply(null, xs.concat([0])) - pad, minY = Math.min.apply(null, ys.concat([0])) - pad;
      var width = Math.max.apply(null, xs.concat([0])) - minX + pad, height = Math.max.apply(null, ys.concat([0])) - minY + pad;
      var svg = document.createElementNS(NS, "svg");
      svg.setAttribute("xmlns", NS);
      svg.setAttribute("viewBox", [minX, minY, width, height].join(" "));
      svg.setAttribute("width", String(Math.round(width)));
      svg.setAttribute("height", String(Math.round(height)));
      var title = document.createElementNS(NS, "title");
      title.textContent = document.querySelector("h1").textContent;
      svg.appendChild(title);
      var defs = document.createElementNS(NS, "defs");
      var marker = document.createElementNS(NS, "marker");
      [["id", "arrow"], ["viewBox", "0 0 10 10"], ["refX", "20"], ["refY", "5"], ["markerWidth", "6"],
       ["markerHeight", "6"], ["orient", "auto-start-reverse"]].forEach(function (a) { marker.setAttribute(a[0], a[1]); });
      var tip = document.createElementNS(NS, "path");
      tip.setAttribute("d", "M 0 0 L 10 5 L 0 10 z");
      tip.setAttribute("fill", "#444");
      marker.appendChild(tip); defs.appendChild(marker); svg.appendChild(defs);
      api.edges.forEach(function (edge) {
        if (edge.hidden || !positions[edge.from] || !positions[edge.to]) { return; }
        var line = document.createElementNS(NS, "line");
        var a = positions[edge.from], b = positions[edge.to];
        line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
        line.setAttribute("stroke", colourOf(edge.color, "#1f6fb2"));
        line.setAttribute("stroke-width", String(edge.width || 1.5));
        if (edge.dashes) { line.setAttribute("stroke-dasharray", "6 4"); }
        line.setAttribute("marker-end", "url(#arrow)");
        svg.appendChild(line);
      });
      ids.forEach(function (id) {
        var node = api.nodes.get(id), p = positions[id];
        var group = groups[node.group] || {};
        var circle = document.createElementNS(NS, "circle");
        circle.setAttribute("cx", p.x); circle.setAttribute("cy", p.y); circle.setAttribute("r", String(node.size || 12));
        circle.setAttribute("fill", colourOf(node.color, colourOf(group.color, "#b0b7bf")));
        circle.setAttribute("stroke", "#4b5563");
        svg.appendChild(circle);
        var label = document.createElementNS(NS, "text");
        label.setAttribute("x", p.x); label.setAttribute("y", p.y + (node.size || 12) + 14);
        label.setAttribute("text-anchor", "middle"); label.setAttribute("font-family", "sans-serif");
        label.setAttribute("font-size", "14");
        label.textContent = nameOf[id] || (node.label == null ? id : String(node.label));  // full names
        svg.appendChild(label);
      });
      return new XMLSerializer().serializeToString(svg);
    }

    // restore the state from the URL
    setView(state.view);
    applyFilters();
    reloadMap();
    loadLoops();
    if (state.factor) { selectFactor(state.factor, false); }
    hls.ready = true;
  }

  window.addEventListener("error", function (e) { hls.errors.push(String(e.message)); });
  var page = document.body.getAttribute("data-page");
  if (page === "home") { initHome(); }
  else if (page === "system") { initSystem(); }
  else { hls.ready = true; }
})();
