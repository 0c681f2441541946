/* kg graph page: draws the JSON in #kg-data with vis-network.
 * Safety rule: every piece of document text reaches the DOM through textContent or the canvas,
 * never innerHTML; the data is read with JSON.parse, never evaluated. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = getComputedStyle(document.documentElement).getPropertyValue("--kg-font").trim() || "sans-serif";
  var GLYPH = { dot: "●", square: "■", diamond: "◆", triangle: "▲", triangleDown: "▼", hexagon: "⬢", star: "★" };
  var TYPE_JA = { Person: "人物", Organization: "組織" };

  var nodeById = new Map();
  var edgeById = new Map();
  var adjacency = new Map();
  DATA.nodes.forEach(function (n) { nodeById.set(n.id, n); adjacency.set(n.id, []); });
  DATA.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    adjacency.get(e.from).push(e.id);
    if (e.to !== e.from) adjacency.get(e.to).push(e.id);
  });

  // Nodes by PageRank, most central first: the top-N view and the label sizes walk this order.
  var ranked = DATA.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });

  var state = {
    relations: {}, types: {}, topN: DATA.options.topN, ego: null, egoDepth: 1,
    year: DATA.years.length ? DATA.years[1] : null, undated: true,
    minConfidence: 0, unrelated: DATA.edges.length === 0  // a graph with no relation shows its entities
  };
  DATA.relationOrder.forEach(function (r) { state.relations[r] = true; });
  DATA.typeOrder.forEach(function (t) { state.types[t] = true; });

  // ---- small DOM helpers (text only) ------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else if (k === "style") Object.assign(node.style, attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(x, digits) { return Number(x).toFixed(digits); }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/[\s・･·]/g, ""); }
  function darker(hex) {
    var v = parseInt(hex.slice(1), 16), f = 0.72;
    var r = Math.round(((v >> 16) & 255) * f), g = Math.round(((v >> 8) & 255) * f), b = Math.round((v & 255) * f);
    return "#" + ((1 << 24) + (r << 16) + (g << 8) + b).toString(16).slice(1);
  }

  // ---- visibility --------------------------------------------------------------------------
  // An entity is "related" while one of its edges passes the relation, year and confidence filters
  // and its other end is of a type switched on; the others are drawn only on request.
  var related = new Set();
  var topSet = null;
  var egoSet = null;
  function computeRelated() {
    related = new Set();
    DATA.edges.forEach(function (e) {
      if (!edgePasses(e)) return;
      var a = nodeById.get(e.from), b = nodeById.get(e.to);
      if (state.types[a.subtype] && state.types[b.subtype]) { related.add(a.id); related.add(b.id); }
    });
    topSet = null;
    if (!state.topN) return;
    topSet = new Set();
    for (var i = 0; i < ranked.length && topSet.size < state.topN; i++) {
      if (inOverview(ranked[i])) topSet.add(ranked[i].id);
    }
  }
  function inOverview(n) { return !!state.types[n.subtype] && (state.unrelated || related.has(n.id)); }
  function unrelatedCount() {
    return DATA.nodes.filter(function (n) { return state.types[n.subtype] && !related.has(n.id); }).length;
  }
  function computeEgo() {
    egoSet = null;
    if (state.ego === null) return;
    egoSet = new Set([state.ego]);
    var frontier = [state.ego];
    for (var d = 0; d < state.egoDepth; d++) {
      var next = [];
      frontier.forEach(function (id) {
        adjacency.get(id).forEach(function (eid) {
          var e = edgeById.get(eid);
          if (!edgePasses(e)) return;
          [e.from, e.to].forEach(function (m) { if (!egoSet.has(m)) { egoSet.add(m); next.push(m); } });
        });
      });
      frontier = next;
    }
  }
  function nodeVisible(n) {
    if (!state.types[n.subtype]) return false;
    if (egoSet) return egoSet.has(n.id);
    return topSet ? topSet.has(n.id) : inOverview(n);
  }
  function statementPasses(st) {
    if (st.confidence < state.minConfidence) return false;
    if (state.year === null) return true;
    if (st.year === null || st.year === undefined) return state.undated;
    return st.year <= state.year;
  }
  function edgePasses(e) {
    return !!state.relations[e.relation] && e.statements.some(statementPasses);
  }

  // ---- vis data ----------------------------------------------------------------------------
  var physics = DATA.options.physics;
  // Labels: on screen, at the overview's zoom, the LABEL_TOP most central visible nodes get LABEL_PX;
  // less central ones get smaller text, hidden below LABEL_MIN_PX until one zooms in (scaling.label).
  var LABEL_TOP = 20, LABEL_PX = 14, LABEL_MIN_PX = 9, LABEL_MAX_PX = 22;
  function labelFont(size) {
    return { face: FONT, size: size, color: "#1d2330", strokeWidth: 4, strokeColor: "#ffffff" };
  }
  function visNode(n) {
    var t = DATA.types[n.subtype];
    return {
      id: n.id, label: n.label, shape: t.shape, size: n.size, x: n.x, y: n.y,
      physics: adjacency.get(n.id).length > 0,  // entities with no relation stay where the layout put them
      color: { background: t.color, border: darker(t.color),
               highlight: { background: t.color, border: "#111" }, hover: { background: t.color, border: "#111" } },
      borderWidth: 1.5, borderWidthSelected: 3,
      font: labelFont(fontSize.get(n.id) || LABEL_PX)
    };
  }

  // ---- edge look: the one place that styles edges (colour, width, curve, label) -------------
  // Width grows with support: mostly with the documents stating the edge, a little with its sentences.
  // A conflicting edge is dashed and its label marked ⚠ (visEdge).
  function edgeWidth(e) {
    return 1.2 + 2.2 * Math.log2(e.support.documents) + 0.8 * Math.log2(e.statements.length);
  }
  function edgeSmooth(e) {
    if (e.parallelCount > 1) {  // several relations between one pair: fan them out
      var side = (e.parallel % 2 === 0) === (e.from < e.to) ? "curvedCW" : "curvedCCW";
      return { enabled: true, type: side, roundness: 0.15 + 0.2 * Math.floor(e.parallel / 2) };
    }
    return physics ? { enabled: true, type: "continuous", roundness: 0.2 } : false;
  }
  function visEdge(e) {
    var r = DATA.relations[e.relation];
    return {
      id: e.id, from: e.from, to: e.to, label: (e.conflicts.length ? "⚠ " : "") + r.ja,
      arrows: { to: { enabled: !e.symmetric, scaleFactor: 0.7 } },
      color: { color: r.color, highlight: r.color, hover: r.color, opacity: 0.9 },
      width: edgeWidth(e), dashes: e.conflicts.length ? [8, 5] : false, selectionWidth: 2, hoverWidth: 1.5,
      smooth: edgeSmooth(e),
      font: { face: FONT, size: 12, color: r.color, strokeWidth: 4, strokeColor: "#ffffff", align: "horizontal" }
    };
  }
  // The view that fits ``positions`` (id → {x, y}) into the canvas, at most at scale 1; null if empty.
  function overviewFrame(positions) {
    var ids = Object.keys(positions);
    if (!ids.length) return null;
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = positions[id], r = nodeById.get(Number(id)).size;
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r); y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
    });
    // Screen pixels kept free at the sides for the outer labels (written under their node, centred).
    var w = container.clientWidth, h = container.clientHeight;
    var scale = Math.min(1, Math.max(w - 160, w / 2) / (x1 - x0), Math.max(h - 72, h / 2) / (y1 - y0));
    return { centre: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 }, scale: scale > 0 ? scale : 1 };
  }
  // Label font sizes, in canvas units, for the visible nodes: at ``scale`` the LABEL_TOP most central get
  // LABEL_PX on screen and the others less, by their PageRank order among the visible ones.
  function labelSizes(scale) {
    var out = new Map(), k = 0;
    ranked.forEach(function (n) {
      if (!nodeVisible(n)) return;
      out.set(n.id, (k < LABEL_TOP ? LABEL_PX : 0.8 * LABEL_PX * Math.sqrt(LABEL_TOP / (k + 1))) / scale);
      k += 1;
    });
    return out;
  }

  // The first drawing shows the default view at its final zoom, so nothing is redrawn or resized at load.
  var container = document.getElementById("kg-network");
  computeRelated();
  var firstPositions = {};
  DATA.nodes.forEach(function (n) { if (nodeVisible(n)) firstPositions[n.id] = { x: n.x, y: n.y }; });
  var firstFrame = overviewFrame(firstPositions);
  var baseFontSize = firstFrame ? labelSizes(firstFrame.scale) : new Map();
  DATA.nodes.forEach(function (n) { if (!baseFontSize.has(n.id)) baseFontSize.set(n.id, LABEL_PX); });
  var fontSize = new Map(baseFontSize);
  var topLabels = ranked.filter(nodeVisible).slice(0, LABEL_TOP).map(function (n) { return n.id; });
  var nodes = new vis.DataSet(DATA.nodes.map(visNode));
  var edges = new vis.DataSet(DATA.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(nodeById.get(item.id)); } });
  var edgeView = new vis.DataView(edges, { filter: function (item) { return edgePasses(edgeById.get(item.id)); } });

  var options = {
    autoResize: true,
    layout: { randomSeed: 7, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, multiselect: false, navigationButtons: false,
                   hideEdgesOnDrag: !physics, hideEdgesOnZoom: !physics },
    // drawThreshold hides a label smaller than that on screen; maxVisible caps it when zoomed in.
    nodes: { scaling: { label: { enabled: false, drawThreshold: LABEL_MIN_PX, maxVisible: LABEL_MAX_PX } } },
    edges: { selfReference: { size: 18 }, scaling: { label: { drawThreshold: 8, maxVisible: 16 } } },
    physics: physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -110, centralGravity: 0.015, springLength: 160,
                          springConstant: 0.05, damping: 0.55, avoidOverlap: 0.6 },
      maxVelocity: 40, minVelocity: 0.8, timestep: 0.4,
      stabilization: { enabled: true, iterations: 150, updateInterval: 50, fit: true }
    } : { enabled: false }
  };
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  // Fit the overview (the visible nodes' glyphs, not their labels) to the canvas. The LABEL_TOP most central
  // visible nodes get LABEL_PX on screen at the new zoom; the others keep the sizes of the first drawing
  // (resizing thousands of labels takes seconds), so they appear as one zooms in.
  function fitOverview(animate) {
    var frame = overviewFrame(network.getPositions(nodeView.getIds()));
    if (!frame) return;
    network.moveTo({ position: frame.centre, scale: frame.scale,
                     animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
    var target = new Map();
    topLabels.forEach(function (id) { target.set(id, baseFontSize.get(id)); });
    topLabels = ranked.filter(nodeVisible).slice(0, LABEL_TOP).map(function (n) { return n.id; });
    topLabels.forEach(function (id) { target.set(id, LABEL_PX / frame.scale); });
    var changed = [];
    target.forEach(function (size, id) {
      if (size !== fontSize.get(id)) { fontSize.set(id, size); changed.push({ id: id, font: labelFont(size) }); }
    });
    if (changed.length) nodes.update(changed);
  }

  // ---- header, legend and filters ----------------------------------------------------------
  var statsEl = document.getElementById("kg-stats");
  function updateStats() {
    statsEl.textContent = "ノード " + nodeView.length + " / " + DATA.nodes.length +
      " ・ 関係 " + edgeView.getIds().filter(function (id) {
        var e = edgeById.get(id); return nodeVisible(nodeById.get(e.from)) && nodeVisible(nodeById.get(e.to));
      }).length + " / " + DATA.edges.length + " ・ 根拠文 " + DATA.options.statements;
  }
  function refresh() {
    computeRelated();
    computeEgo();
    nodeView.refresh();
    edgeView.refresh();
    updateStats();
    renderViewControls();
  }

  var typeCounts = {}, relCounts = {};
  DATA.nodes.forEach(function (n) { typeCounts[n.subtype] = (typeCounts[n.subtype] || 0) + 1; });
  DATA.edges.forEach(function (e) { relCounts[e.relation] = (relCounts[e.relation] || 0) + 1; });

  var typesEl = document.getElementById("kg-types");
  DATA.typeOrder.forEach(function (name) {
    var t = DATA.types[name];
    var box = el("input", { type: "checkbox", "data-type": name });
    box.checked = true;
    box.addEventListener("change", function () { state.types[name] = box.checked; refresh(); });
    typesEl.appendChild(el("li", { title: t.en }, [el("label", null, [
      box, el("span", { className: "kg-glyph", text: GLYPH[t.shape] || "●", style: { color: t.color } }),
      el("span", { text: t.ja }),
      el("span", { className: "kg-count", text: String(typeCounts[name] || 0) })
    ])]));
  });

  var relsEl = document.getElementById("kg-relations");
  DATA.relationOrder.forEach(function (name) {
    var r = DATA.relations[name];
    var box = el("input", { type: "checkbox", "data-relation": name });
    box.checked = true;
    box.addEventListener("change", function () { state.relations[name] = box.checked; refresh(); });
    relsEl.appendChild(el("li", { title: name + " — " + r.en }, [el("label", null, [
      box, el("span", { className: "kg-line" + (r.symmetric ? "" : " kg-arrow"), style: { borderColor: r.color, color: r.color } }),
      el("span", { text: r.ja }), el("span", { className: "kg-en", text: r.en }),
      el("span", { className: "kg-count", text: String(relCounts[name] || 0) })
    ])]));
  });

  // "All" / "none" switches, so one relation type can be shown alone in two clicks.
  [["すべて", true], ["なし", false]].forEach(function (pair) {
    var button = el("button", { type: "button", className: "kg-all", "data-all": String(pair[1]), text: pair[0] });
    button.addEventListener("click", function () {
      relsEl.querySelectorAll("input[data-relation]").forEach(function (box) {
        box.checked = pair[1];
        state.relations[box.getAttribute("data-relation")] = pair[1];
      });
      refresh();
    });
    relsEl.parentNode.querySelector("h2").appendChild(button);
  });

  if (DATA.years.length) {
    var yearSection = document.getElementById("kg-year-section");
    var slider = document.getElementById("kg-year");
    var yearLabel = document.getElementById("kg-year-label");
    var undated = document.getElementById("kg-undated");
    yearSection.hidden = false;
    slider.min = String(DATA.years[0]);
    slider.max = String(DATA.years[1]);
    slider.value = String(DATA.years[1]);
    var showYear = function () { yearLabel.textContent = "〜" + slider.value + "年までの関係"; };
    showYear();
    slider.addEventListener("input", function () { state.year = Number(slider.value); showYear(); refresh(); });
    undated.addEventListener("change", function () { state.undated = undated.checked; refresh(); });
  }

  if (DATA.confidence.length) {
    var confidenceSlider = document.getElementById("kg-confidence");
    var confidenceLabel = document.getElementById("kg-confidence-label");
    document.getElementById("kg-confidence-section").hidden = false;
    confidenceSlider.min = String(DATA.confidence[0]);
    confidenceSlider.max = String(DATA.confidence[1]);
    confidenceSlider.value = String(DATA.confidence[0]);
    state.minConfidence = DATA.confidence[0];
    var showConfidence = function () { confidenceLabel.textContent = fmt(state.minConfidence, 2); };
    showConfidence();
    confidenceSlider.addEventListener("input", function () {
      // Range values carry float noise (0.35 + 5 × 0.05); statements carry two or three decimals.
      state.minConfidence = Math.round(Number(confidenceSlider.value) * 100) / 100;
      showConfidence();
      refresh();
    });
  }

  var viewEl = document.getElementById("kg-view-controls");
  function renderViewControls() {
    clear(viewEl);
    if (state.ego !== null) {
      var center = nodeById.get(state.ego);
      viewEl.appendChild(el("div", { className: "kg-row" }, [
        el("span", { text: "「" + center.label + "」の周辺 " + state.egoDepth + " ホップ" })]));
      var back = el("button", { type: "button", id: "kg-ego-reset", text: "全体に戻る" });
      back.addEventListener("click", function () { setEgo(null); });
      viewEl.appendChild(el("div", { className: "kg-row" }, [back]));
      return;
    }
    var lonely = unrelatedCount();
    if (lonely) {
      var toggle = el("button", { type: "button", id: "kg-unrelated", "aria-pressed": String(state.unrelated),
                                  text: state.unrelated ? "隠す" : "表示" });
      toggle.addEventListener("click", function () { state.unrelated = !state.unrelated; refresh(); fitOverview(true); });
      viewEl.appendChild(el("div", { className: "kg-row", id: "kg-unrelated-row" }, [
        el("span", { text: "関係のないエンティティ " + lonely + " 件" + (state.unrelated ? "（表示中）" : "") }), toggle]));
    }
    var candidates = DATA.nodes.filter(inOverview).length;
    if (candidates > 30) {
      var select = el("select", { id: "kg-topn", "aria-label": "表示するノード数" });
      [30, 100, 300, 1000, 3000, 0].forEach(function (k) {
        if (k && k >= candidates) return;
        var opt = el("option", { value: String(k), text: k ? "上位 " + k + " ノード (PageRank)" : "すべて (" + candidates + ")" });
        if (k === state.topN) opt.selected = true;
        select.appendChild(opt);
      });
      if (state.topN && !Array.prototype.some.call(select.options, function (o) { return Number(o.value) === state.topN; })) {
        select.insertBefore(el("option", { value: String(state.topN), text: "上位 " + state.topN + " ノード (PageRank)", selected: "selected" }), select.firstChild);
      }
      select.addEventListener("change", function () { state.topN = Number(select.value); refresh(); fitOverview(true); });
      viewEl.appendChild(el("div", { className: "kg-row" }, [select]));
    }
    viewEl.appendChild(el("div", { className: "kg-row" }, [el("span", {
      className: "kg-hint", text: physics ? "ドラッグで移動・ホイールで拡大" : "ホイールで拡大すると、ほかの名前も表示されます" })]));
  }

  function setEgo(id, depth) {
    state.ego = id;
    state.egoDepth = depth || 1;
    refresh();
    if (id !== null) {
      network.selectNodes([id]);
      network.fit({ nodes: nodeView.getIds(), animation: { duration: 300 } });
    } else {
      fitOverview(true);
    }
  }

  // ---- details panel -----------------------------------------------------------------------
  var details = document.getElementById("kg-details");
  function typeText(n) {
    var t = DATA.types[n.subtype];
    var coarse = TYPE_JA[n.type] || n.type;
    return t.ja === coarse ? t.ja + " / " + t.en : coarse + "・" + t.ja + " / " + t.en;
  }
  function relBadge(name) {
    var r = DATA.relations[name];
    return el("span", { className: "kg-rel-badge", text: r.ja, title: name + " — " + r.en, style: { background: r.color } });
  }
  function showNode(id) {
    var n = nodeById.get(id);
    clear(details);
    details.appendChild(el("h2", { text: n.label }));
    details.appendChild(el("p", { className: "kg-sub", text: typeText(n) }));
    details.appendChild(el("dl", null, [
      el("dt", { text: "別名" }), el("dd", { text: n.aliases.length ? n.aliases.join("、") : "—" }),
      el("dt", { text: "言及数" }), el("dd", { text: String(n.mentions) }),
      el("dt", { text: "次数" }), el("dd", { text: String(n.degree) }),
      el("dt", { text: "PageRank" }), el("dd", { text: fmt(n.pagerank, 4) + "（" + (n.rank + 1) + " 位）" }),
      el("dt", { text: "媒介中心性" }), el("dd", { text: fmt(n.betweenness, 4) })
    ]));
    var ego1 = el("button", { type: "button", id: "kg-ego-1", text: "周辺だけ表示（1ホップ）" });
    var ego2 = el("button", { type: "button", id: "kg-ego-2", text: "2ホップ" });
    ego1.addEventListener("click", function () { setEgo(id, 1); });
    ego2.addEventListener("click", function () { setEgo(id, 2); });
    details.appendChild(el("div", { className: "kg-row" }, [ego1, " ", ego2]));
    var list = el("ul", { className: "kg-edge-list" });
    adjacency.get(id).slice().sort(function (a, b) {
      return edgeById.get(b).statements.length - edgeById.get(a).statements.length || a - b;
    }).forEach(function (eid) {
      var e = edgeById.get(eid);
      var outgoing = e.from === id;
      var other = nodeById.get(outgoing ? e.to : e.from);
      var li = el("li", null, [relBadge(e.relation),
        el("span", { text: (e.symmetric ? "↔ " : outgoing ? "→ " : "← ") + other.label + "（" + e.statements.length + "）" })]);
      li.addEventListener("click", function () { network.selectEdges([eid]); showEdge(eid); });
      list.appendChild(li);
    });
    details.appendChild(el("h3", { text: "関係（" + adjacency.get(id).length + "）" }));
    details.appendChild(list);
  }

  function namesOf(n) { return [n.label].concat(n.aliases).filter(function (s) { return s.length > 0; }); }
  // Split ``text`` around any of ``names`` (longest first) into text nodes and <mark> elements.
  function highlighted(text, names) {
    var out = document.createDocumentFragment();
    var sorted = names.slice().sort(function (a, b) { return b.length - a.length; });
    var i = 0, plain = "";
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < sorted.length; k++) {
        if (text.startsWith(sorted[k], i)) { hit = sorted[k]; break; }
      }
      if (hit) {
        if (plain) { out.appendChild(document.createTextNode(plain)); plain = ""; }
        out.appendChild(el("mark", { text: hit }));
        i += hit.length;
      } else {
        plain += text[i];
        i += 1;
      }
    }
    if (plain) out.appendChild(document.createTextNode(plain));
    return out;
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    var r = DATA.relations[e.relation];
    var s = nodeById.get(e.from), o = nodeById.get(e.to);
    clear(details);
    details.appendChild(el("h2", null, [s.label + (e.symmetric ? " ↔ " : " → ") + o.label]));
    details.appendChild(el("p", { className: "kg-sub" }, [relBadge(e.relation), " " + e.relation + " — " + r.en]));
    details.appendChild(el("p", { className: "kg-support", text: "裏付け: 文書 " + e.support.documents + " 件・文 " +
      e.support.statements + " 件・確信度 " + fmt(e.support.confidence, 2) + "（noisy-or）" }));
    e.conflicts.forEach(function (text) {
      details.appendChild(el("p", { className: "kg-conflict", text: "⚠ 矛盾: " + text }));
    });
    details.appendChild(el("h3", { text: "根拠の文（" + e.statements.length + "）" }));
    var names = namesOf(s).concat(namesOf(o));
    e.statements.forEach(function (st) {
      var doc = DATA.documents[st.doc];
      var meta = "文書: " + doc.title + (st.date ? " ・ 日付: " + st.date : "") +
        " ・ 確信度: " + fmt(st.confidence, 2) + (st.method ? " ・ 規則: " + st.method : "") +
        " ・ 位置: " + st.start + "–" + st.end;
      var box = el("div", { className: "kg-evidence", style: { borderLeftColor: r.color } }, [
        el("blockquote", null, [highlighted(st.evidence || "（根拠の文なし）", names)]),
        el("div", { className: "kg-meta", text: meta, title: doc.iri })
      ]);
      if (!statementPasses(st)) box.style.opacity = "0.5";
      details.appendChild(box);
    });
  }

  // ---- hover tooltip (plain text) ----------------------------------------------------------
  var tip = document.getElementById("kg-tip");
  function showTip(text, pointer) {
    tip.textContent = text;
    tip.hidden = false;
    var box = container.getBoundingClientRect();
    tip.style.left = Math.min(pointer.DOM.x + 14, box.width - 240) + "px";
    tip.style.top = (pointer.DOM.y + 14) + "px";
  }
  network.on("hoverNode", function (p) {
    var n = nodeById.get(p.node);
    showTip(n.label + "\n" + typeText(n) + (n.aliases.length ? "\n別名: " + n.aliases.join("、") : "") +
      "\n言及 " + n.mentions + " ・ PageRank " + fmt(n.pagerank, 4) + " ・ 媒介 " + fmt(n.betweenness, 3), p.pointer);
  });
  network.on("hoverEdge", function (p) {
    var e = edgeById.get(p.edge), r = DATA.relations[e.relation];
    showTip(r.ja + " — " + e.relation + " (" + r.en + ")\n" + nodeById.get(e.from).label +
      (e.symmetric ? " ↔ " : " → ") + nodeById.get(e.to).label + "\n根拠の文 " + e.statements.length + " 件（クリックで表示）", p.pointer);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("click", function (p) {
    tip.hidden = true;
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  // ---- search --------------------------------------------------------------------------------
  var searchEl = document.getElementById("kg-search");
  var resultsEl = document.getElementById("kg-results");
  var index = DATA.nodes.map(function (n) {
    return { id: n.id, names: namesOf(n).map(function (s) { return { text: s, key: norm(s) }; }) };
  });
  function search(query) {
    var q = norm(query);
    if (!q) return [];
    var hits = [];
    index.forEach(function (entry) {
      var best = null;
      entry.names.forEach(function (name) {
        var score = name.key === q ? 0 : name.key.startsWith(q) ? 1 : name.key.indexOf(q) >= 0 ? 2 : -1;
        if (score >= 0 && (best === null || score < best.score)) best = { score: score, name: name.text };
      });
      if (best) hits.push({ id: entry.id, score: best.score, name: best.name });
    });
    hits.sort(function (a, b) { return a.score - b.score || nodeById.get(a.id).rank - nodeById.get(b.id).rank; });
    return hits.slice(0, 12);
  }
  function focusNode(id) {
    var n = nodeById.get(id);
    if (!state.types[n.subtype]) {
      state.types[n.subtype] = true;
      var box = typesEl.querySelector('input[data-type="' + n.subtype + '"]');
      if (box) box.checked = true;
    }
    // A node outside the current top-N or ego view is shown with its neighbours (ego view).
    if (!nodeVisible(n)) { state.ego = id; state.egoDepth = 1; }
    refresh();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
    resultsEl.hidden = true;
    return id;
  }
  var current = [];
  var active = 0;
  function renderResults() {
    clear(resultsEl);
    current.forEach(function (hit, i) {
      var n = nodeById.get(hit.id);
      var li = el("li", { role: "option", "aria-selected": i === active ? "true" : "false" }, [
        el("span", { className: "kg-glyph", text: GLYPH[DATA.types[n.subtype].shape] || "●", style: { color: DATA.types[n.subtype].color } }),
        el("span", { text: n.label }),
        hit.name !== n.label ? el("span", { className: "kg-alias", text: "別名: " + hit.name }) : null
      ]);
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); focusNode(hit.id); });
      resultsEl.appendChild(li);
    });
    if (!current.length && searchEl.value.trim()) resultsEl.appendChild(el("li", { className: "kg-hint", text: "見つかりません" }));
    resultsEl.hidden = !searchEl.value.trim();
  }
  searchEl.addEventListener("input", function () { current = search(searchEl.value); active = 0; renderResults(); });
  searchEl.addEventListener("keydown", function (ev) {
    if (ev.isComposing || ev.keyCode === 229) return;  // Enter that confirms IME conversion
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (current.length) { active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length; renderResults(); }
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      current = search(searchEl.value);
      if (current.length) focusNode(current[Math.min(active, current.length - 1)].id);
      ev.preventDefault();
    } else if (ev.key === "Escape") {
      resultsEl.hidden = true;
    }
  });
  searchEl.addEventListener("blur", function () { resultsEl.hidden = true; });

  // ---- ready ---------------------------------------------------------------------------------
  var api = {
    ready: false, data: DATA, network: network, state: state,
    search: search, focusNode: focusNode, showEdge: showEdge, showNode: showNode, setEgo: setEgo,
    visibleNodeIds: function () { return nodeView.getIds(); },
    visibleEdgeIds: function () { return network.body.edgeIndices.slice(); }
  };
  window.kgPage = api;
  refresh();
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    document.documentElement.setAttribute("data-kg-ready", "true");
  }
  if (!DATA.nodes.length) {
    markReady();
  } else if (physics) {
    network.once("stabilizationIterationsDone", function () {
      // Freeze the settled layout (dragging a node wakes the simulation again).
      network.stopSimulation();
      fitOverview(false);
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    fitOverview(false);
    network.once("afterDrawing", markReady);
    network.redraw();
  }
})();
