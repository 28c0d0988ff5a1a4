/* kg graph page. Inlined into graph.html by kg/page.py.
 *
 * Reads the graph from the JSON block #kg-data, draws it with vis-network and
 * wires the legend (a filter by type), the search, the article switch, the
 * hover card and the details panel. Every piece of text that comes from the
 * graph is set with textContent, and only http(s) links are made: article
 * text is data, never markup.
 *
 * window.kg is the page's state, for people and tests alike:
 *   kg.network, kg.nodes, kg.edges   vis-network and its DataSets
 *   kg.ready                          true once the layout has settled (physics off)
 *   kg.search(text)                   select the best match, returns its id or null
 *   kg.matches(text)                  the candidates, best first
 *   kg.select(id)                     select, focus and show a node (id: IRI or page id)
 *   kg.iri(id)                        the IRI of a node (ids are IRIs relative to kg.data.meta.base)
 *   kg.setTypeVisible(type, bool)     the type filter
 *   kg.setArticlesHidden(bool)        the article switch
 *   kg.visibleNodeIds()               ids of the nodes not hidden
 */
(function () {
  "use strict";

  var ARTICLE = "NewsArticle";
  var started = window.performance ? performance.now() : 0;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = data.details;
  var articles = data.articles;
  var typeById = {};
  data.types.forEach(function (type) { typeById[type.id] = type; });
  var relationName = {};
  data.relations.forEach(function (relation) { relationName[relation.id] = relation.name; });

  // --- small helpers ------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : "";
  }

  function link(url, text) {
    var anchor = el("a", null, text);
    anchor.href = url;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    return anchor;
  }

  function shorten(text, limit) {
    var chars = Array.from(String(text || ""));
    return chars.length > limit ? chars.slice(0, limit - 1).join("") + "…" : chars.join("");
  }

  function day(iso) {
    return iso ? String(iso).slice(0, 10) : "";
  }

  function swatch(typeId) {
    var type = typeById[typeId] || { shape: "dot", color: "#999" };
    var mark = el("span", "kg-swatch kg-shape-" + type.shape);
    mark.style.background = type.color;
    return mark;
  }

  function typeName(typeId) {
    return (typeById[typeId] || { name: typeId }).name;
  }

  // --- the network --------------------------------------------------------------------

  var nodeList = data.nodes.map(function (node) {
    var item = {
      id: node.id,
      name: node.name,
      label: shorten(node.name, node.group === ARTICLE ? 14 : 18),
      group: node.group,
      x: node.x,
      y: node.y,
      hidden: false
    };
    if (node.value !== undefined) {
      item.value = node.value;
      item.font = { size: baseFontSize(node.value) };
    }
    return item;
  });

  function baseFontSize(value) {
    return Math.round(12 + 10 * Math.sqrt(value || 0));
  }

  var edgeList = data.edges.map(function (edge) {
    var lines = [edge.label + (edge.count > 1 ? (edge.relation === "mentions" ? "  " + edge.count + " 次" : "  ×" + edge.count) : "")];
    (edge.evidence || []).forEach(function (sentence) { lines.push("「" + shorten(sentence, 120) + "」"); });
    var item = {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      label: edge.label,
      relation: edge.relation,
      title: lines.join("\n")
    };
    if (edge.relation === "mentions") {
      item.color = { color: "#d5d9de", highlight: "#6b7280", hover: "#8a9099" };
      item.font = { size: 9, color: "#9aa0a6" };
      item.width = 0.8;
    } else {
      item.color = { color: "#7f8793", highlight: "#1f2328", hover: "#30353c" };
      item.font = { size: 12, color: "#30353c" };
      item.width = 1.6;
    }
    return item;
  });

  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var kg = {
    data: data,
    network: network,
    nodes: nodes,
    edges: edges,
    ready: false,
    timings: { drawn: window.performance ? performance.now() - started : 0 },
    selected: null,
    stabilizationIterations: 0
  };
  window.kg = kg;

  // --- layout: physics until stable, then off -------------------------------------------

  var loading = document.getElementById("kg-loading");
  var progress = document.getElementById("kg-progress-bar");

  function settled() {
    if (kg.ready) return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    adaptLabels();
    loading.classList.add("kg-done");
    loading.setAttribute("aria-hidden", "true");
    kg.timings.settled = window.performance ? performance.now() - started : 0;
    kg.ready = true;
    document.body.setAttribute("data-ready", "true");
  }

  network.on("stabilizationProgress", function (params) {
    kg.stabilizationIterations = params.iterations;
    progress.style.width = Math.round((100 * params.iterations) / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", settled);

  // --- labels that stay readable when zoomed out ------------------------------------------
  // Like a map: below natural size, the most central nodes in view keep
  // screen-sized labels; the others' labels fade out as vis-network hides them.

  var LABELS_IN_VIEW = 30;
  var ranked = nodeList.filter(function (node) { return node.value !== undefined; })
    .sort(function (a, b) { return b.value - a.value || (a.id < b.id ? -1 : 1); });
  var boosted = {};

  function adaptLabels() {
    var scale = network.getScale();
    var wanted = {};
    if (scale < 0.95) {
      var corner = network.DOMtoCanvas({ x: 0, y: 0 });
      var far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
      var positions = network.getPositions();
      var placed = [];
      for (var i = 0; i < ranked.length && placed.length < LABELS_IN_VIEW; i++) {
        var node = ranked[i];
        var at = positions[node.id];
        if (node.hidden || !at || at.x < corner.x || at.x > far.x || at.y < corner.y || at.y > far.y) continue;
        // the label's box on screen, below the node; skip a label that would overlap one placed
        var pixels = 12 + 5 * Math.sqrt(node.value);
        var point = network.canvasToDOM(at);
        var half = (Array.from(node.label).length * pixels) / 2 + 4;
        var box = { left: point.x - half, right: point.x + half, top: point.y, bottom: point.y + 2 * pixels + 4 };
        var clash = placed.some(function (other) {
          return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
        });
        if (clash) continue;
        placed.push(box);
        wanted[node.id] = Math.round(pixels / scale);
      }
    }
    var updates = [];
    ranked.forEach(function (node) {
      var size = wanted[node.id] || baseFontSize(node.value);
      if ((boosted[node.id] || baseFontSize(node.value)) !== size) {
        updates.push({ id: node.id, font: { size: size } });
      }
      if (wanted[node.id]) boosted[node.id] = size;
      else delete boosted[node.id];
    });
    if (updates.length) nodes.update(updates);
  }

  var labelTimer = null;
  function adaptLabelsSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(adaptLabels, 120);
  }
  network.on("zoom", adaptLabelsSoon);
  network.on("dragEnd", adaptLabelsSoon);
  network.on("animationFinished", adaptLabelsSoon);

  // --- the type filter and the article switch -------------------------------------------

  var hiddenTypes = {};
  var legendItems = {};
  var articleSwitch = document.getElementById("kg-hide-articles");

  function applyVisibility() {
    var updates = [];
    nodeList.forEach(function (node) {
      var hide = hiddenTypes[node.group] === true;
      if (node.hidden !== hide) {
        node.hidden = hide;
        updates.push({ id: node.id, hidden: hide });
      }
    });
    if (updates.length) nodes.update(updates);
    if (kg.ready) adaptLabelsSoon();
    Object.keys(legendItems).forEach(function (typeId) {
      var off = hiddenTypes[typeId] === true;
      legendItems[typeId].classList.toggle("kg-off", off);
      legendItems[typeId].querySelector("input").checked = !off;
    });
    articleSwitch.checked = hiddenTypes[ARTICLE] === true;
    showStatus();
  }

  function setTypeVisible(typeId, visible) {
    if (visible) delete hiddenTypes[typeId];
    else hiddenTypes[typeId] = true;
    applyVisibility();
    if (!visible && kg.selected && (nodes.get(kg.selected) || {}).group === typeId) hideDetails();
  }

  function setArticlesHidden(hidden) {
    setTypeVisible(ARTICLE, !hidden);
  }

  function visibleNodeIds() {
    return nodeList.filter(function (node) { return !node.hidden; }).map(function (node) { return node.id; });
  }

  var legendTypes = document.getElementById("kg-legend-types");
  data.types.forEach(function (type) {
    var item = el("label", "kg-legend-item");
    item.setAttribute("data-type", type.id);
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { setTypeVisible(type.id, box.checked); });
    item.appendChild(box);
    item.appendChild(swatch(type.id));
    item.appendChild(el("span", "kg-legend-name", type.name));
    item.appendChild(el("span", "kg-count", type.count));
    legendTypes.appendChild(item);
    legendItems[type.id] = item;
  });
  if (!typeById[ARTICLE]) articleSwitch.parentNode.hidden = true;
  articleSwitch.addEventListener("change", function () { setArticlesHidden(articleSwitch.checked); });

  var relationCounts = {};
  data.edges.forEach(function (edge) { relationCounts[edge.relation] = (relationCounts[edge.relation] || 0) + 1; });
  var legendRelations = document.getElementById("kg-legend-relations");
  data.relations.forEach(function (relation) {
    if (!relationCounts[relation.id]) return;
    legendRelations.appendChild(el("span", null, relation.name));
    legendRelations.appendChild(el("span", null, relationCounts[relation.id]));
  });
  if (!legendRelations.childNodes.length) {
    legendRelations.hidden = true;
    document.querySelector(".kg-legend-relations-title").hidden = true;
  }

  var status = document.getElementById("kg-status");
  function showStatus() {
    var shown = visibleNodeIds().length;
    var text = shown === nodeList.length ? nodeList.length + " 个节点" : shown + " / " + nodeList.length + " 个节点";
    text += " · " + edgeList.length + " 条边";
    if (data.meta.nodesTotal > data.meta.nodesShown) {
      text += " · 共 " + data.meta.nodesTotal + " 个，显示最核心的 " + data.meta.nodesShown + " 个";
    }
    status.textContent = text;
  }

  // --- cards: the hover card and the details panel ---------------------------------------

  function cite(articleId) {
    var article = articles[articleId];
    var line = el("span", "kg-cite");
    if (!article) return line;
    line.appendChild(document.createTextNode("— "));
    var url = safeUrl(article.url);
    line.appendChild(url ? link(url, article.title) : el("span", null, article.title));
    if (article.date) line.appendChild(document.createTextNode(" · " + day(article.date)));
    return line;
  }

  // Figures as a statistics table: indicator, value, basis (同比, 环比…) or share (占…), period.
  function figureTable(root, figures) {
    if (!figures || !figures.length) return;
    root.appendChild(el("h3", null, "数字（" + figures.length + "）"));
    var table = el("table", "kg-figures");
    var header = el("tr");
    ["指标", "数值", "比较 / 占比", "统计期"].forEach(function (name) { header.appendChild(el("th", null, name)); });
    table.appendChild(header);
    figures.forEach(function (row) {
      var line = el("tr");
      row.forEach(function (cell) { line.appendChild(el("td", null, cell)); });
      table.appendChild(line);
    });
    root.appendChild(table);
  }

  function card(id, compact) {
    var node = nodes.get(id);
    var info = details[id] || {};
    var root = el("div", "kg-card");
    var head = el("div", "kg-card-head");
    head.appendChild(swatch(node.group));
    head.appendChild(el("h2", "kg-card-name", node.name));
    root.appendChild(head);
    var kind = typeName(node.group) + (info.kind ? " · " + info.kind : "");
    root.appendChild(el("div", "kg-card-type", kind));

    var facts = el("dl");
    function fact(term, value) {
      if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
      facts.appendChild(el("dt", null, term));
      facts.appendChild(el("dd", null, Array.isArray(value) ? value.join("、") : value));
    }

    if (node.group === ARTICLE) {
      var article = articles[id] || {};
      fact("日期", day(article.date));
      fact("提及实体", (info.entities || 0) + " 个");
      root.appendChild(facts);
      if (!compact) figureTable(root, info.figures);
      var url = safeUrl(article.url);
      if (url && !compact) {
        var source = el("p", "kg-cite");
        source.appendChild(link(url, "阅读原文"));
        root.appendChild(source);
      }
      return root;
    }

    fact("别名", info.aliases);
    fact("职务", compact ? (info.posts || []).slice(0, 3) : info.posts);
    if (info.statements) fact("发言", info.statements + " 条");
    fact("被提及", (info.articles || 0) + " 篇文章" + (info.mentions ? "，共 " + info.mentions + " 次" : ""));
    root.appendChild(facts);

    if (!compact) figureTable(root, info.figures);

    var evidence = info.evidence || [];
    if (evidence.length) {
      root.appendChild(el("h3", null, "依据" + (info.evidenceTotal > evidence.length ? "（" + evidence.length + " / " + info.evidenceTotal + "）" : "")));
      var list = el("ol", "kg-evidence");
      evidence.slice(0, compact ? 2 : evidence.length).forEach(function (item) {
        var entry = el("li");
        entry.appendChild(el("blockquote", null, compact ? shorten(item[0], 90) : item[0]));
        if (!compact) entry.appendChild(cite(item[1]));
        list.appendChild(entry);
      });
      root.appendChild(list);
      if (compact && evidence.length > 2) root.appendChild(el("div", "kg-more", "点击查看全部 " + evidence.length + " 条依据"));
    }

    var mentioned = info.mentionedIn || [];
    if (mentioned.length && !compact) {
      root.appendChild(el("h3", null, "提及它的文章" + (info.articles > mentioned.length ? "（最近 " + mentioned.length + " 篇）" : "")));
      var titles = el("ol", "kg-articles");
      mentioned.forEach(function (articleId) {
        var article = articles[articleId];
        if (!article) return;
        var entry = el("li");
        if (article.date) entry.appendChild(el("span", "kg-date", day(article.date)));
        var url = safeUrl(article.url);
        entry.appendChild(url ? link(url, article.title) : el("span", null, article.title));
        titles.appendChild(entry);
      });
      root.appendChild(titles);
    }
    return root;
  }

  var panel = document.getElementById("kg-details");
  var panelBody = document.getElementById("kg-details-body");

  function showDetails(id) {
    id = pageId(id);
    if (!nodes.get(id)) return;
    panelBody.replaceChildren(card(id, false));
    panel.hidden = false;
    panel.scrollTop = 0;
    kg.selected = id;
  }

  function hideDetails() {
    panel.hidden = true;
    kg.selected = null;
    network.unselectAll();
  }
  document.getElementById("kg-details-close").addEventListener("click", hideDetails);

  var tooltip = document.getElementById("kg-tooltip");
  function showTooltip(id) {
    tooltip.replaceChildren(card(id, true));
    tooltip.hidden = false;
    var position = network.canvasToDOM(network.getPositions([id])[id]);
    var box = container.getBoundingClientRect();
    var width = tooltip.offsetWidth;
    var height = tooltip.offsetHeight;
    var left = position.x + 18;
    var top = position.y + 12;
    if (left + width > box.width - 8) left = Math.max(8, position.x - width - 18);
    if (top + height > box.height - 8) top = Math.max(8, box.height - height - 8);
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }
  function hideTooltip() {
    tooltip.hidden = true;
  }

  network.on("hoverNode", function (params) { showTooltip(params.node); });
  network.on("blurNode", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) showDetails(params.nodes[0]);
    else if (!params.edges.length) hideDetails();
  });

  // --- search --------------------------------------------------------------------------

  var index = nodeList.map(function (node) {
    return {
      id: node.id,
      name: node.name,
      type: node.group,
      value: node.value || 0,
      aliases: (details[node.id] || {}).aliases || []
    };
  });

  function matches(text, limit) {
    var query = String(text || "").trim().toLowerCase();
    if (!query) return [];
    var found = [];
    index.forEach(function (entry) {
      var best = null;
      var alias = null;
      var name = entry.name.toLowerCase();
      if (name === query) best = 0;
      else if (name.indexOf(query) === 0) best = 2;
      else if (name.indexOf(query) > 0) best = 4;
      entry.aliases.forEach(function (candidate) {
        var lower = candidate.toLowerCase();
        var score = lower === query ? 1 : lower.indexOf(query) === 0 ? 3 : lower.indexOf(query) > 0 ? 5 : null;
        if (score !== null && (best === null || score < best)) {
          best = score;
          alias = candidate;
        }
      });
      if (best !== null) found.push({ id: entry.id, name: entry.name, type: entry.type, alias: alias, score: best, value: entry.value });
    });
    found.sort(function (a, b) {
      return a.score - b.score || b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    return found.slice(0, limit || 12);
  }

  function pageId(id) {
    var base = data.meta.base;
    return typeof id === "string" && id.indexOf(base) === 0 ? id.slice(base.length) : id;
  }

  function select(id) {
    id = pageId(id);
    var node = nodes.get(id);
    if (!node) return null;
    if (hiddenTypes[node.group]) setTypeVisible(node.group, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    showDetails(id);
    return id;
  }

  function search(text) {
    var found = matches(text, 1);
    closeResults();
    return found.length ? select(found[0].id) : null;
  }

  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var active = -1;

  function closeResults() {
    results.hidden = true;
    results.replaceChildren();
    active = -1;
  }

  function showResults() {
    var found = matches(input.value, 12);
    results.replaceChildren();
    active = -1;
    if (!input.value.trim()) {
      results.hidden = true;
      return;
    }
    if (!found.length) {
      results.appendChild(el("li", "kg-empty", "没有找到"));
    }
    found.forEach(function (item) {
      var entry = el("li");
      entry.setAttribute("role", "option");
      entry.setAttribute("data-id", item.id);
      entry.appendChild(swatch(item.type));
      entry.appendChild(el("span", null, item.type === ARTICLE ? shorten(item.name, 24) : item.name));
      if (item.alias) entry.appendChild(el("span", "kg-result-alias", item.alias));
      entry.appendChild(el("span", "kg-result-type", typeName(item.type)));
      entry.addEventListener("mousedown", function (event) {
        event.preventDefault();
        closeResults();
        select(item.id);
      });
      results.appendChild(entry);
    });
    results.hidden = false;
  }

  function highlight(step) {
    var items = results.querySelectorAll("li[data-id]");
    if (!items.length) return;
    active = (active + step + items.length) % items.length;
    items.forEach(function (item, position) { item.setAttribute("aria-selected", position === active ? "true" : "false"); });
    items[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("input", showResults);
  input.addEventListener("focus", function () { if (input.value.trim()) showResults(); });
  input.addEventListener("blur", function () { setTimeout(closeResults, 120); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { highlight(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { highlight(-1); event.preventDefault(); }
    else if (event.key === "Escape") { closeResults(); }
    else if (event.key === "Enter") {
      var items = results.querySelectorAll("li[data-id]");
      if (active >= 0 && items[active]) {
        var id = items[active].getAttribute("data-id");
        closeResults();
        select(id);
      } else {
        search(input.value);
      }
      event.preventDefault();
    }
  });

  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  });

  kg.iri = function (id) { return /^[a-z][a-z0-9+.-]*:/i.test(id) ? id : data.meta.base + id; };
  kg.pageId = pageId;
  kg.search = search;
  kg.matches = matches;
  kg.select = select;
  kg.showDetails = showDetails;
  kg.hideDetails = hideDetails;
  kg.setTypeVisible = setTypeVisible;
  kg.setArticlesHidden = setArticlesHidden;
  kg.visibleNodeIds = visibleNodeIds;
  showStatus();
  if (nodeList.length === 0) settled();  // nothing to lay out
})();
