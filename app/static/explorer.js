/* ResearchGraph explorer: search, the cytoscape graph of a researcher's slice, filters,
   node expansion and export links. Needs api.js and panels.js loaded first. */
(function () {
  "use strict";

  const RG = window.RG;
  const { el, getJSON, showMessage, hideMessage, report, researcherPath } = RG;

  const TYPES = {
    researcher: { color: "#2563eb", name: "Researcher", ring: 2 },
    paper: { color: "#9ca3af", name: "Paper", ring: 4 },
    topic: { color: "#16a34a", name: "Topic", ring: 3 },
    institution: { color: "#ea580c", name: "Institution", ring: 3 },
    repository: { color: "#9333ea", name: "Repository", ring: 1 },
  };
  const SEARCH_DELAY_MS = 250;
  // "Everything" keeps people first, so a small limit would show people alone.
  const ALL_VIEW_MIN_LIMIT = 400;

  const state = {
    center: null, centerName: null, selected: null, view: "people", bins: [],
    searchSeq: 0, sliceSeq: 0, renders: 0, lastSlice: null, params: null,
  };
  let cy = null;
  let searchTimer = null;

  const $ = (id) => document.getElementById(id);

  // ---- search -------------------------------------------------------------------------

  function scheduleSearch() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  }

  async function runSearch() {
    clearTimeout(searchTimer);
    const q = $("search-input").value.trim();
    const seq = ++state.searchSeq;
    hideMessage("msg-nomatch");
    if (!q) {
      $("search-results").replaceChildren();
      return;
    }
    try {
      const page = await getJSON("/v1/researchers" + RG.query({ q, limit: 20 }));
      if (seq === state.searchSeq) renderResults(page, q);
    } catch (err) {
      if (seq === state.searchSeq) report(err);
    }
  }

  function renderResults(page, q) {
    const items = page.items;
    $("search-results").replaceChildren(...items.map((r) => el("li", {},
      el("button", {
        type: "button", class: "result", "aria-current": r.id === state.center ? "true" : null,
        dataset: { testid: "result", id: r.id }, on: { click: () => selectResearcher(r.id, r.name) },
      }, r.name, el("span", { class: "meta" }, " " + r.works + (r.works === 1 ? " work" : " works"))))));
    if (page.next_cursor) {
      $("search-results").append(el("li", { class: "hint" }, "More people match; add a word to narrow the search."));
    }
    if (!items.length) showMessage("msg-nomatch", "No researcher matches “" + q + "”. Try fewer or other name words.");
  }

  // ---- filters and URLs ---------------------------------------------------------------

  function readParams() {
    const form = $("filters");
    const checked = [...form.querySelectorAll('input[name="type"]:checked')].map((i) => i.value);
    const all = checked.length === Object.keys(TYPES).length;
    // The co-author view is the slice of researchers only; an empty list would mean
    // "everything" to the API, so an unticked list keeps people too.
    const include = state.view === "people" ? "researcher" : all ? "" : (checked.length ? checked.join(",") : "researcher");
    return {
      depth: form.depth.value,
      limit: form.limit.value || 80,
      include,
      since: form.since.value,
      until: form.until.value,
    };
  }

  function sliceUrl(id, params, format) {
    return researcherPath(id, "slice") + RG.query({ ...params, format });
  }

  function updateExportLinks() {
    for (const [format, link] of [["json", $("link-json")], ["graphml", $("link-graphml")]]) {
      if (state.center) {
        link.href = sliceUrl(state.center, state.params, format);
        link.removeAttribute("aria-disabled");
      } else {
        link.href = "#";
        link.setAttribute("aria-disabled", "true");
      }
    }
  }

  // ---- graph --------------------------------------------------------------------------

  function shorten(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function nodeElement(n, center) {
    const key = n.id.slice(n.type.length + 1);
    const d = n.data || {};
    const person = state.view === "people" && n.type === "researcher";
    return {
      group: "nodes",
      data: {
        id: n.id, type: n.type, key, label: n.label, weight: n.weight,
        short: shorten(n.type === "repository" ? n.label.replace(/^[^/]+\//, "") : n.label, 26),
        color: (TYPES[n.type] || { color: "#64748b" }).color, year: d.year,
        shared_papers: d.shared_papers, last_year: d.last_year, first_year: d.first_year, ring: d.ring,
      },
      classes: [n.id === center ? "center" : "", person ? "person" : ""].join(" ").trim(),
    };
  }

  function edgeElement(e) {
    const person = state.view === "people" && e.type === "COAUTHOR";
    return { group: "edges", data: { id: e.source + "|" + e.type + "|" + e.target, ...e }, classes: person ? "person" : "" };
  }

  /** Adds the nodes and edges not on screen yet; returns how many of each were added. */
  function mergeElements(nodes, edges, center) {
    const fresh = nodes.filter((n) => cy.getElementById(n.id).empty()).map((n) => nodeElement(n, center));
    cy.add(fresh);
    const links = edges.map(edgeElement).filter((e) => cy.getElementById(e.data.id).empty() &&
      !cy.getElementById(e.data.source).empty() && !cy.getElementById(e.data.target).empty());
    cy.add(links);
    resize();
    return { nodes: fresh.length, edges: links.length };
  }

  function resize() {
    if (state.view === "people") return; // the ring sizes people itself
    // Sizes are relative to the heaviest node on screen, so merged slices stay comparable.
    const max = Math.max(1, ...cy.nodes().map((n) => n.data("weight") || 0));
    // Papers are the bulk of a slice; drawing them smaller keeps people and topics readable.
    cy.nodes().forEach((n) => n.data("size", (n.data("type") === "paper" ? 0.6 : 1) *
      (14 + 34 * Math.sqrt((n.data("weight") || 0) / max))));
  }

  function layoutOptions() {
    if ($("layout").value === "concentric") {
      return {
        name: "concentric", animate: false, fit: true, padding: 24, minNodeSpacing: 6,
        concentric: (n) => (n.hasClass("center") ? 10 : (TYPES[n.data("type")] || { ring: 0 }).ring),
        levelWidth: () => 1,
      };
    }
    // A bounded, unanimated cose stays quick for a few hundred nodes.
    return {
      name: "cose", animate: false, fit: true, padding: 24, randomize: true, numIter: 800,
      nodeRepulsion: () => 6000, idealEdgeLength: () => 50, componentSpacing: 60,
    };
  }

  function ringLayout() {
    return state.view === "people" && $("layout").value === "auto" && state.center;
  }

  function runLayout() {
    if (ringLayout()) {
      state.bins = RG.ring.layout(cy, "researcher:" + state.center);
      return;
    }
    cy.layout(layoutOptions()).run();
  }

  function peopleLegend() {
    const people = cy.nodes().length - 1;
    $("legend").replaceChildren(...RG.ring.legend(cy, state.bins));
    $("graph-summary").textContent = people + (people === 1 ? " person" : " people") + " around " +
      (state.centerName || state.center) + ", " + cy.edges().length + " co-author links on screen.";
  }

  function renderLegend() {
    if (state.view === "people" && cy.nodes().length) {
      peopleLegend();
      renderNodeList();
      return;
    }
    const counts = {};
    cy.nodes().forEach((n) => { counts[n.data("type")] = (counts[n.data("type")] || 0) + 1; });
    $("legend").replaceChildren(...Object.entries(TYPES).map(([type, t]) => el("li", { dataset: { type } },
      el("span", { class: "swatch", style: "background:" + t.color, "aria-hidden": "true" }),
      t.name + " (" + (counts[type] || 0) + ")")));
    $("graph-summary").textContent = cy.nodes().length + " nodes, " + cy.edges().length + " edges on screen.";
    renderNodeList();
  }

  /** The canvas is not reachable by keyboard or screen reader, so every node is also a button here. */
  function renderNodeList() {
    const sorted = cy.nodes().sort((a, b) => a.data("type").localeCompare(b.data("type")) ||
      a.data("label").localeCompare(b.data("label")));
    $("node-list").replaceChildren(...sorted.map((n) => el("li", {},
      el("button", {
        type: "button", class: "linklike", dataset: { testid: "node-item", id: n.id() },
        on: { click: () => { cy.$(":selected").unselect(); n.select(); showNode(nodeInfo(n)); } },
      }, (TYPES[n.data("type")] || { name: n.data("type") }).name + ": " + n.data("label")))));
  }

  function nodeInfo(n) {
    return { type: n.data("type"), key: n.data("key"), id: n.id() };
  }

  function renderSlice(slice) {
    const centre = slice.nodes.find((n) => n.id === slice.center);
    if (centre && state.centerName === state.center) {
      state.centerName = centre.label;
      $("graph-title").textContent = centre.label;
    }
    cy.elements().remove();
    mergeElements(slice.nodes, slice.edges, slice.center);
    runLayout();
    renderLegend();
    state.lastSlice = slice;
    if (slice.truncated && state.view === "people") {
      const ring2 = slice.nodes.some((n) => n.data && n.data.ring === 2);
      showMessage("msg-truncated", "Showing the " + (slice.nodes.length - 1) + " strongest " +
        (ring2 ? "people (co-authors first, then theirs)" : "co-authors (most papers together)") +
        ": the node limit is " + state.params.limit + ". Raise it to see more people.");
    } else if (slice.truncated) {
      showMessage("msg-truncated", "Showing " + slice.nodes.length + " of more nodes: the slice was cut at the node " +
        "limit (" + state.params.limit + "). Raise the limit or narrow the types or years to see the rest.");
    } else {
      hideMessage("msg-truncated");
    }
    state.renders += 1;
  }

  async function loadSlice() {
    if (!state.center) return;
    const seq = ++state.sliceSeq;
    state.params = readParams();
    updateExportLinks();
    hideMessage("msg-error");
    $("cy").setAttribute("aria-busy", "true");
    try {
      const slice = await getJSON(sliceUrl(state.center, state.params, "json"));
      if (seq === state.sliceSeq) renderSlice(slice);
    } catch (err) {
      if (seq === state.sliceSeq) report(err);
    } finally {
      if (seq === state.sliceSeq) $("cy").removeAttribute("aria-busy");
    }
  }

  // ---- selection and expansion --------------------------------------------------------

  async function selectResearcher(id, name) {
    state.center = id;
    state.centerName = name || id;
    $("graph-title").textContent = state.centerName;
    if (location.hash !== "#r=" + encodeURIComponent(id)) history.replaceState(null, "", "#r=" + encodeURIComponent(id));
    document.querySelectorAll("#search-results .result").forEach((b) => {
      if (b.dataset.id === id) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    });
    const params = readParams();
    await Promise.all([
      loadSlice(),
      RG.loadPanels(id, params, selectResearcher),
      showNode({ type: "researcher", key: id, id: "researcher:" + id }),
    ]);
  }

  async function showNode(info) {
    state.selected = info;
    const expandable = info.type === "researcher" || info.type === "paper";
    $("expand").disabled = !expandable;
    $("expand").textContent = expandable ? "Expand " + info.type + " neighbourhood" : "Expand neighbourhood";
    $("recenter").hidden = info.type !== "researcher" || info.key === state.center;
    await RG.showDetails(info.type, info.key);
  }

  function paperNeighbours(p, include) {
    const pid = "paper:" + p.id;
    const nodes = [];
    const edges = [];
    const add = (type, id, label, relType, weight, outgoing) => {
      if (include && !include.includes(type)) return;
      nodes.push({ id: type + ":" + id, type, label, weight: 1, data: {} });
      edges.push(outgoing ? { source: pid, target: type + ":" + id, type: relType, weight }
        : { source: type + ":" + id, target: pid, type: relType, weight });
    };
    p.authors.forEach((a) => add("researcher", a.researcher_id, a.name, "AUTHORED", 1, false));
    p.topics.forEach((t) => add("topic", t.topic_id, t.topic_id, "HAS_TOPIC", t.score, true));
    p.repositories.forEach((r) => add("repository", r.repository.id, r.repository.id, "HAS_CODE", 1, true));
    p.institutions.forEach((i) => add("institution", i.id, i.name, "FROM_INSTITUTION", 1, true));
    return { nodes, edges };
  }

  /** Merges the neighbourhood of a node into the graph: a researcher's depth-1 slice, a paper's links. */
  async function expandNode(id) {
    const node = cy.getElementById(id);
    if (node.empty()) return null;
    const type = node.data("type");
    const key = node.data("key");
    const params = state.params || readParams();
    let added;
    if (type === "researcher") {
      const slice = await getJSON(sliceUrl(key, { ...params, depth: 1 }, "json"));
      added = mergeElements(slice.nodes, slice.edges, null);
    } else if (type === "paper") {
      const paper = await getJSON("/v1/papers/" + encodeURIComponent(key));
      const more = paperNeighbours(paper, params.include ? params.include.split(",") : null);
      added = mergeElements(more.nodes, more.edges, null);
    } else {
      return null;
    }
    runLayout();
    renderLegend();
    cy.getElementById(id).select();
    $("graph-summary").textContent += " Expanded " + node.data("short") + ": +" + added.nodes + " nodes, +" +
      added.edges + " edges.";
    state.renders += 1;
    return added;
  }

  // ---- wiring -------------------------------------------------------------------------

  function createGraph() {
    cy = cytoscape({
      container: $("cy"),
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        { selector: "node", style: {
          "background-color": "data(color)", width: "data(size)", height: "data(size)", label: "data(short)",
          "font-size": 9, color: "#1f2937", "text-valign": "bottom", "text-margin-y": 2,
          "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1 } },
        { selector: 'node[type = "paper"]', style: { label: "", shape: "round-rectangle" } },
        { selector: 'node[type = "topic"]', style: { shape: "diamond" } },
        { selector: 'node[type = "institution"]', style: { shape: "hexagon" } },
        { selector: 'node[type = "repository"]', style: { shape: "tag" } },
        { selector: "node.center", style: {
          "border-width": 4, "border-color": "#111827", "font-weight": "bold", "font-size": 12, "z-index": 10 } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#f59e0b", label: "data(short)" } },
        { selector: "edge", style: { width: 1, "line-color": "#cbd5e1", "curve-style": "haystack" } },
        { selector: 'edge[type = "HAS_TOPIC"]', style: { "line-color": "#86efac" } },
        { selector: 'edge[type = "COAUTHOR"]', style: { "line-color": "#93c5fd", opacity: 0.2 } },
        ...RG.ring.STYLE,
        { selector: "node.person:selected", style: { label: "data(ringLabel)", "border-color": "#f59e0b" } },
        { selector: "edge:selected", style: { "line-color": "#f59e0b", width: 2 } },
      ],
    });
    cy.on("tap", "node", (ev) => showNode(nodeInfo(ev.target)));
    // Cytoscape caches where its container sits; a message appearing above the graph moves it,
    // and clicks would then land beside the nodes under the pointer.
    const observer = new ResizeObserver(() => cy.resize());
    observer.observe($("messages"));
    observer.observe($("cy"));
  }

  function wire() {
    $("search-input").addEventListener("input", scheduleSearch);
    $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); runSearch(); });
    $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); reloadFilters(); });
    $("filters").querySelectorAll('input[type="checkbox"], select').forEach((i) =>
      i.addEventListener("change", () => (i.id === "layout" ? cy.elements().length && runLayout() : reloadFilters())));
    $("expand").addEventListener("click", () => {
      if (state.selected) expandNode(state.selected.id).catch(report);
    });
    $("view-people").addEventListener("click", () => setView("people"));
    $("view-all").addEventListener("click", () => setView("all"));
    $("recenter").addEventListener("click", () => {
      if (state.selected) selectResearcher(state.selected.key, $("details").querySelector("h3")?.textContent);
    });
  }

  /** "people": the co-author ring; "all": the whole slice (papers, topics, institutions, repositories). */
  function setView(view) {
    state.view = view;
    $("view-people").setAttribute("aria-pressed", String(view === "people"));
    $("view-all").setAttribute("aria-pressed", String(view === "all"));
    $("types").disabled = view === "people";
    const limit = $("limit");
    if (view === "all" && Number(limit.value || 0) < ALL_VIEW_MIN_LIMIT) limit.value = ALL_VIEW_MIN_LIMIT;
    reloadFilters();
  }

  function reloadFilters() {
    if (!state.center) return;
    loadSlice();
    RG.loadPanels(state.center, readParams(), selectResearcher);
  }

  function init() {
    RG.initTabs();
    wire();
    if (typeof window.cytoscape !== "function") {
      showMessage("msg-error", "The graph library is missing (/static/vendor/cytoscape.min.js): run `make install`.");
      return;
    }
    createGraph();
    renderLegend();
    const m = /^#r=(.+)$/.exec(location.hash);
    if (m) selectResearcher(decodeURIComponent(m[1]));
  }

  // The hook the browser tests (and curious users in the console) use.
  window.__explorer = {
    get cy() { return cy; },
    get pending() { return RG.pending; },
    state, selectResearcher, expandNode, runSearch, setView,
  };

  init();
})();
