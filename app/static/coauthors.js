/* ResearchGraph explorer: the co-author ring. People sit on circles around the centre
   (co-authors on the first, their co-authors on the second), sized and coloured by their
   papers with the centre, each name written along its radius. Circles are made wide enough
   that neighbouring names never touch: the arc between two people is at least one line.
   Loaded after api.js and before explorer.js; exposes RG.ring. */
(function () {
  "use strict";

  const RG = window.RG;

  const FONT_PX = 11;
  // No quoted names: cytoscape drops a font-family it cannot parse, and widths are measured in it.
  const FAMILY = "Helvetica Neue, Helvetica, Arial, sans-serif";
  const LINE = FONT_PX * 1.6; // arc length kept between two names on a circle
  const GAP = 5; // between a node's rim and its name
  const MIN_RADIUS = 150;
  const MAX_NODE = 34;
  const MIN_NODE = 8;
  // Light to dark blue: older to more recent last paper with the centre.
  const YEAR_COLORS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  const NO_YEAR = "#d1d5db";
  const CENTER_COLOR = "#111827";

  let canvas = null;

  function textWidth(text, weight) {
    canvas = canvas || document.createElement("canvas");
    const ctx = canvas.getContext("2d");
    ctx.font = (weight || "normal") + " " + FONT_PX + "px " + FAMILY;
    return ctx.measureText(text).width;
  }

  /** The name with the number of papers shared with the centre: papers summarised on the person. */
  function personLabel(node, isCenter) {
    const name = node.data("short");
    const shared = node.data("shared_papers");
    if (!shared) return name;
    return isCenter ? name + " · " + shared + (shared === 1 ? " paper" : " papers") : name + " · " + shared;
  }

  /** Year bins for the legend and the node colours: five equal spans over the years on screen. */
  function yearBins(years) {
    if (!years.length) return [];
    const lo = Math.min(...years);
    const hi = Math.max(...years);
    const n = Math.min(YEAR_COLORS.length, hi - lo + 1);
    const step = (hi - lo + 1) / n;
    const bins = [];
    for (let i = 0; i < n; i += 1) {
      const from = Math.round(lo + i * step);
      const to = i === n - 1 ? hi : Math.round(lo + (i + 1) * step) - 1;
      bins.push({ from, to, color: YEAR_COLORS[YEAR_COLORS.length - n + i] });
    }
    return bins;
  }

  function colorOf(year, bins) {
    if (year == null) return NO_YEAR;
    const bin = bins.find((b) => year >= b.from && year <= b.to);
    return bin ? bin.color : NO_YEAR;
  }

  /** Rings relative to the centre as drawn: 1 = linked to the centre, 2 = anyone else. */
  function splitRings(cy, center) {
    const c = cy.getElementById(center);
    const byWeight = (a, b) => (b.data("weight") || 0) - (a.data("weight") || 0) || (a.id() < b.id() ? -1 : 1);
    const first = c.neighborhood("node").sort(byWeight);
    const firstIds = new Set(first.map((n) => n.id()));
    const second = cy.nodes().filter((n) => n.id() !== center && !firstIds.has(n.id())).sort(byWeight);
    return { c, first: first.toArray(), second: second.toArray() };
  }

  function radiusFor(count, inner) {
    return Math.max(inner, (count * LINE) / (2 * Math.PI));
  }

  /** Puts `nodes` evenly on a circle, starting at the top and going clockwise; returns the
     outermost reach of their names. */
  function placeCircle(nodes, radius, positions, startAngle) {
    let reach = radius;
    const arc = nodes.length ? (2 * Math.PI * radius) / nodes.length : Infinity;
    nodes.forEach((n, i) => {
      const theta = startAngle + (2 * Math.PI * i) / nodes.length;
      const size = Math.min(n.data("size"), Math.max(MIN_NODE, arc - 2));
      const label = personLabel(n, false);
      const w = textWidth(label);
      const d = size / 2 + GAP + w / 2;
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      positions[n.id()] = { x: radius * cos, y: radius * sin };
      n.data({ size, ringLabel: label, lx: d * cos, ly: d * sin, rot: cos >= 0 ? theta : theta + Math.PI });
      reach = Math.max(reach, radius + size / 2 + GAP + w);
    });
    return reach;
  }

  /** Angle of each second-ring person: that of their strongest first-ring neighbour. */
  function anchorAngles(second, positions) {
    const angle = {};
    for (const n of second) {
      const anchors = n.neighborhood("node").filter((m) => positions[m.id()]);
      const best = anchors.sort((a, b) => (b.data("weight") || 0) - (a.data("weight") || 0))[0];
      const p = best ? positions[best.id()] : { x: 0, y: -1 };
      angle[n.id()] = (Math.atan2(p.y, p.x) + 2.5 * Math.PI) % (2 * Math.PI);
    }
    return angle;
  }

  function sizeNodes(cy, center) {
    const people = cy.nodes().filter((n) => n.id() !== center);
    const max = Math.max(1, ...people.map((n) => n.data("weight") || 0));
    people.forEach((n) => n.data("size", MIN_NODE + (MAX_NODE - MIN_NODE) * Math.sqrt((n.data("weight") || 0) / max)));
  }

  function colourNodes(cy, center) {
    const years = cy.nodes().filter((n) => n.id() !== center).map((n) => n.data("last_year"))
      .filter((y) => typeof y === "number");
    const bins = yearBins(years);
    cy.nodes().forEach((n) => n.data("color", n.id() === center ? CENTER_COLOR : colorOf(n.data("last_year"), bins)));
    return bins;
  }

  function widenEdges(cy, center) {
    const max = Math.max(1, ...cy.edges().map((e) => e.data("weight") || 0));
    cy.edges().forEach((e) => {
      const w = Math.sqrt((e.data("weight") || 0) / max);
      const spoke = e.data("source") === center || e.data("target") === center;
      e.data("width", spoke ? 1 + 7 * w : 0.5 + 2.5 * w);
      e.toggleClass("spoke", spoke);
    });
  }

  /** Lays the people out as rings around `center`; returns the year bins used for colour. */
  function layout(cy, center) {
    sizeNodes(cy, center);
    const bins = colourNodes(cy, center);
    widenEdges(cy, center);
    const { c, first, second } = splitRings(cy, center);
    const positions = { [center]: { x: 0, y: 0 } };
    const centerLabel = personLabel(c, true);
    c.data({ size: 40, ringLabel: centerLabel, lx: 0, ly: 20 + GAP + FONT_PX, rot: 0 });
    const inner = Math.max(MIN_RADIUS, textWidth(centerLabel, "bold") / 2 + 60);
    const reach = placeCircle(first, radiusFor(first.length, inner), positions, -Math.PI / 2);
    if (second.length) {
      const angle = anchorAngles(second, positions);
      second.sort((a, b) => angle[a.id()] - angle[b.id()]);
      const start = angle[second[0].id()] - Math.PI / 2;
      placeCircle(second, radiusFor(second.length, reach + MAX_NODE), positions, start);
    }
    cy.layout({ name: "preset", positions: (n) => positions[n.id()] || { x: 0, y: 0 }, fit: true, padding: 16,
      animate: false }).run();
    return bins;
  }

  /** Legend items: the year colours, the outer circle when drawn, what widths and numbers mean. */
  function legend(cy, bins) {
    const { el } = RG;
    const swatch = (color) => el("span", { class: "swatch", style: "background:" + color, "aria-hidden": "true" });
    const items = [el("li", { class: "legend-title" }, "last paper together:")];
    for (const b of bins) {
      items.push(el("li", { dataset: { year: b.from } }, swatch(b.color), b.from === b.to ? String(b.from) : b.from + "–" + b.to));
    }
    if (cy.nodes("[ring = 2]").length) items.push(el("li", { dataset: { ring: 2 } }, swatch(NO_YEAR), "their co-authors (outer circle)"));
    items.push(el("li", { class: "legend-note" }, "line width and the number after a name: papers together"));
    return items;
  }

  const STYLE = [
    { selector: "node.person", style: {
      label: "data(ringLabel)", "font-size": FONT_PX, "font-family": FAMILY, color: "#111827",
      "text-halign": "center", "text-valign": "center", "text-margin-x": "data(lx)", "text-margin-y": "data(ly)",
      "text-rotation": "data(rot)", "text-background-color": "#ffffff", "text-background-opacity": 0,
      "border-width": 1, "border-color": "#ffffff", "min-zoomed-font-size": 0 } },
    { selector: "node.person.center", style: {
      "font-weight": "bold", "border-width": 3, "border-color": "#f59e0b", "text-background-opacity": 0.85,
      "text-background-padding": 2 } },
    { selector: "edge.person", style: {
      width: "data(width)", "line-color": "#64748b", opacity: 0.14, "curve-style": "straight" } },
    { selector: "edge.person.spoke", style: { "line-color": "#3182bd", opacity: 0.55 } },
  ];

  Object.assign(RG, { ring: { layout, legend, STYLE, FONT_PX, FAMILY, yearBins, colorOf } });
})();
