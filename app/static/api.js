/* ResearchGraph explorer: the HTTP client, user-visible messages and small DOM helpers.
   Loaded before panels.js and explorer.js; everything shared hangs off window.RG. */
(function () {
  "use strict";

  const RG = (window.RG = window.RG || {});

  // Counted so tests (and the busy cursor) can tell when every request has settled.
  RG.pending = 0;

  class BackendDown extends Error {}

  class ApiError extends Error {
    constructor(status, problem) {
      super(problem.detail || problem.title || "HTTP " + status);
      this.status = status;
      this.problem = problem;
    }
  }

  async function readProblem(res) {
    try {
      const body = await res.json();
      return typeof body === "object" && body ? body : { detail: String(body) };
    } catch (_e) {
      return { title: res.statusText, detail: "" };
    }
  }

  function setPending(delta) {
    RG.pending += delta;
    document.body.classList.toggle("busy", RG.pending > 0);
  }

  /** GET a JSON resource; throws BackendDown (network error, 502-504) or ApiError (other non-2xx). */
  async function getJSON(path) {
    setPending(1);
    try {
      let res;
      try {
        res = await fetch(path, { headers: { Accept: "application/json" } });
      } catch (_e) {
        throw new BackendDown("the server cannot be reached");
      }
      if (res.status >= 502 && res.status <= 504) {
        const problem = await readProblem(res);
        throw new BackendDown(problem.detail || problem.title || "HTTP " + res.status);
      }
      if (!res.ok) throw new ApiError(res.status, await readProblem(res));
      const body = await res.json();
      hideMessage("msg-backend");
      return body;
    } finally {
      setPending(-1);
    }
  }

  function showMessage(id, text) {
    const node = document.getElementById(id);
    node.textContent = text;
    node.hidden = false;
  }

  function hideMessage(id) {
    const node = document.getElementById(id);
    node.hidden = true;
    node.textContent = "";
  }

  /** Shows a failed request to the user: a down backend gets its own banner. */
  function report(err) {
    if (err instanceof BackendDown) {
      showMessage("msg-backend", "The ResearchGraph server is not available (" + err.message +
        "). Check that it is running, then try again.");
      return;
    }
    if (err instanceof ApiError) {
      const title = err.problem.title || "Error " + err.status;
      showMessage("msg-error", title + (err.problem.detail ? ": " + err.problem.detail : ""));
      return;
    }
    showMessage("msg-error", "Unexpected error: " + (err && err.message ? err.message : err));
    console.error(err);
  }

  /** el("li", {class: "x", dataset: {testid: "y"}}, "text", child) — text is never parsed as HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "on") Object.entries(value).forEach(([ev, fn]) => node.addEventListener(ev, fn));
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function query(params) {
    const parts = [];
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
    }
    return parts.length ? "?" + parts.join("&") : "";
  }

  function researcherPath(id, suffix) {
    return "/v1/researchers/" + encodeURIComponent(id) + (suffix ? "/" + suffix : "");
  }

  function yearRange(first, last) {
    if (first == null && last == null) return "";
    if (first === last || last == null) return String(first);
    if (first == null) return String(last);
    return first + "–" + last;
  }

  Object.assign(RG, {
    BackendDown, ApiError, getJSON, showMessage, hideMessage, report, el, query, researcherPath, yearRange,
  });
})();
