/* ResearchGraph explorer: the details card of a clicked node and the researcher tabs
   (collaborators, topics, institutions, recommendations). Rendering only; explorer.js decides when. */
(function () {
  "use strict";

  const RG = window.RG;
  const { el, getJSON, researcherPath, yearRange } = RG;

  const REASON_KINDS = {
    topic: "shared topic",
    coauthor: "common co-author",
    institution: "shared institution",
    recency: "recent activity",
  };

  function fields(rows) {
    const dl = el("dl", { class: "fields" });
    for (const [name, value] of rows) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
      dl.append(el("dt", {}, name), el("dd", {}, Array.isArray(value) ? value.join(", ") : value));
    }
    return dl;
  }

  function link(href, text) {
    return el("a", { href, target: "_blank", rel: "noopener noreferrer" }, text);
  }

  function researcherCard(p) {
    return [
      el("h3", { dataset: { testid: "details-name" } }, p.name),
      el("p", { class: "kind" }, "Researcher"),
      fields([
        ["works", p.works],
        ["years", yearRange(p.first_year, p.last_year)],
        ["also written", p.variants.filter((v) => v !== p.name)],
        ["collaborators", p.collaborator_count],
        ["top topics", p.top_topics.map((t) => t.label + " (" + t.papers + ")")],
        ["institutions", p.institutions.map((i) => i.name)],
        ["close collaborators", p.close_collaborators.map((c) => c.name + " (" + c.shared_papers + ")")],
        ["reported", p.reported.map((f) => f.name.replace(/_/g, " ") + ": " + f.value)],
        ["sources", p.sources.length],
      ]),
    ];
  }

  function paperCard(p) {
    const authors = p.authors.map((a) => a.name);
    if (!p.authors_complete) authors.push("et al.");
    return [
      el("h3", { dataset: { testid: "details-name" } }, p.title || p.id),
      el("p", { class: "kind" }, "Paper" + (p.kind ? " · " + p.kind : "")),
      fields([
        ["year", p.year != null ? String(p.year) + (p.year_inferred ? " (inferred)" : "") : null],
        ["venues", p.venues],
        ["authors", authors],
        ["topics", p.topics.map((t) => t.topic_id + " (" + t.score.toFixed(2) + ")")],
        ["institutions", p.institutions.map((i) => i.name)],
        ["arXiv", p.arxiv_id ? link("https://arxiv.org/abs/" + p.arxiv_id, p.arxiv_id) : null],
        ["DOI", p.doi ? link("https://doi.org/" + p.doi, p.doi) : null],
        ["code", p.repositories.length ? el("span", {}, p.repositories.map((r) =>
          el("span", { class: "sep" }, link(r.repository.url, r.repository.id + (r.path ? "/" + r.path : ""))))) : null],
      ]),
      p.abstract ? el("details", {}, el("summary", {}, "Abstract"), el("p", { class: "abstract" }, p.abstract)) : null,
    ];
  }

  function topicCard(d) {
    const t = d.topic;
    return [
      el("h3", { dataset: { testid: "details-name" } }, t.label),
      el("p", { class: "kind" }, "Topic"),
      fields([
        ["id", t.id], ["aliases", t.aliases], ["acronyms", t.acronyms], ["parent", t.parent],
        ["subtopics", d.children], ["papers", d.papers], ["researchers", d.researchers],
      ]),
      t.description ? el("p", {}, t.description) : null,
    ];
  }

  function institutionCard(d) {
    const i = d.institution;
    return [
      el("h3", { dataset: { testid: "details-name" } }, i.name),
      el("p", { class: "kind" }, "Institution"),
      fields([["aliases", i.aliases], ["country", i.country], ["papers", d.papers], ["researchers", d.researchers]]),
    ];
  }

  function repositoryCard(key) {
    return [
      el("h3", { dataset: { testid: "details-name" } }, key),
      el("p", { class: "kind" }, "Code repository"),
      fields([["link", link("https://" + key, "https://" + key)]]),
    ];
  }

  const DETAIL = {
    researcher: (key) => getJSON(researcherPath(key)).then(researcherCard),
    paper: (key) => getJSON("/v1/papers/" + encodeURIComponent(key)).then(paperCard),
    topic: (key) => getJSON("/v1/topics/" + encodeURIComponent(key)).then(topicCard),
    institution: (key) => getJSON("/v1/institutions/" + encodeURIComponent(key)).then(institutionCard),
    repository: (key) => Promise.resolve(repositoryCard(key)),
  };

  /** Fills #details for a node of `type` with entity id `key`; returns the card's elements. */
  async function showDetails(type, key) {
    const box = document.getElementById("details");
    box.replaceChildren(el("p", { class: "hint" }, "Loading…"));
    const render = DETAIL[type] || ((k) => Promise.resolve([el("h3", {}, k)]));
    try {
      box.replaceChildren(...(await render(key)).filter(Boolean));
    } catch (err) {
      box.replaceChildren(el("p", { class: "hint" }, "No details for " + key + "."));
      if (!(err instanceof RG.ApiError && err.status === 404)) RG.report(err);
    }
  }

  function personButton(item, onPick) {
    return el("button", { type: "button", class: "linklike", on: { click: () => onPick(item.id, item.name) } }, item.name);
  }

  function collaboratorsList(items, onPick) {
    return items.map((c) => el("li", { dataset: { testid: "collaborator", id: c.id } },
      personButton(c, onPick),
      el("span", { class: "meta" }, " " + c.shared_papers + " shared · " + yearRange(c.first_year, c.last_year)),
      c.shared_topics.length ? el("span", { class: "meta small" }, " · " + c.shared_topics.join(", ")) : null));
  }

  function topicsList(items) {
    return items.map((t) => el("li", { dataset: { testid: "topic", id: t.id } },
      t.label, el("span", { class: "meta" }, " " + t.papers + " papers · " + Math.round(t.share * 100) + "%")));
  }

  function institutionsList(items) {
    return items.map((i) => el("li", { dataset: { testid: "institution", id: i.id } },
      i.name, el("span", { class: "meta" }, " " + i.papers + " papers" +
        (i.first_year ? " · " + yearRange(i.first_year, i.last_year) : "") +
        (i.evidence.length ? " · " + i.evidence.join(", ") : ""))));
  }

  function reasonItem(r) {
    return el("li", { dataset: { testid: "reason", kind: r.kind } },
      el("span", { class: "reason-kind" }, REASON_KINDS[r.kind] || r.kind), ": " + r.label,
      el("span", { class: "meta" }, " +" + r.weight.toFixed(2)));
  }

  function recommendationsList(items, onPick) {
    return items.map((r) => el("li", { dataset: { testid: "recommendation", id: r.id } },
      personButton(r, onPick), el("span", { class: "meta" }, " score " + r.score.toFixed(3)),
      el("ul", { class: "reasons", "aria-label": "Why " + r.name }, r.reasons.map(reasonItem))));
  }

  function fillPanel(name, page, build, emptyText) {
    const panel = document.getElementById("panel-" + name);
    const items = page.items;
    panel.replaceChildren(items.length ? el("ol", { class: "plist" }, build(items)) : el("p", { class: "hint" }, emptyText));
    if (page.next_cursor) panel.append(el("p", { class: "hint" }, "Showing the first " + items.length + "."));
  }

  /** Loads the four researcher tabs; `onPick(id, name)` opens another researcher. */
  async function loadPanels(id, params, onPick) {
    const base = (suffix, q) => getJSON(researcherPath(id, suffix) + RG.query(q));
    const jobs = [
      ["collaborators", base("collaborators", { limit: 50, since: params.since, until: params.until }),
        (xs) => collaboratorsList(xs, onPick), "No co-authors in this window."],
      ["topics", base("topics", { limit: 50 }), topicsList, "No topics found on their papers."],
      ["institutions", base("institutions", { limit: 50 }), institutionsList, "No institution known."],
      ["recommendations", base("recommendations", { k: 10 }), (xs) => recommendationsList(xs, onPick),
        "No one to recommend: everyone near them in the graph has written with them already."],
    ];
    jobs.forEach(([name]) => document.getElementById("panel-" + name).replaceChildren(el("p", { class: "hint" }, "Loading…")));
    await Promise.all(jobs.map(async ([name, request, build, emptyText]) => {
      try {
        fillPanel(name, await request, build, emptyText);
      } catch (err) {
        document.getElementById("panel-" + name).replaceChildren(el("p", { class: "hint" }, "Could not load " + name + "."));
        RG.report(err);
      }
    }));
  }

  function selectTab(tab) {
    for (const t of document.querySelectorAll('[role="tab"]')) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    }
  }

  function initTabs() {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => selectTab(tab));
      // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
      tab.addEventListener("keydown", (ev) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[ev.key];
        if (!step) return;
        const next = tabs[(i + step + tabs.length) % tabs.length];
        selectTab(next);
        next.focus();
      });
    });
  }

  Object.assign(RG, { showDetails, loadPanels, initTabs });
})();
