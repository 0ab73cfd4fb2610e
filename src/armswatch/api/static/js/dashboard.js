// armswatch dashboard: plain JavaScript over the JSON API, no build step.
//
// Everything shown comes from news articles and is untrusted. It only ever reaches the page as
// text nodes (el() below turns strings into text nodes, never markup); nothing in this file
// parses a string as HTML, and the server's Content-Security-Policy forbids inline scripts.
"use strict";

(() => {
  const API = "/api/v1";
  const view = document.getElementById("view");

  // One colour per event type, in the contract's order.
  const TYPE_COLOURS = {
    arms_transfer: "#c0392b",
    tech_transfer: "#8e44ad",
    military_cooperation: "#2471a3",
    troop_deployment: "#d35400",
    meeting: "#17a589",
    sanction: "#7f8c8d",
    accusation: "#b7950b",
    demand: "#5d6d7e",
    denial: "#a04000",
    threat_designation: "#922b21",
    weapons_test: "#1e8449",
  };

  let vocabulary = null;

  // --- DOM helpers ------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) throw new Error("event handlers are attached with addEventListener");
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return append(node, children);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function link(hash, ...children) {
    return el("a", { href: hash }, ...children);
  }

  // Only http(s) links from the data become links; anything else (javascript:, data:) stays text.
  function externalLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      return el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, text || url);
    }
    return url ? el("span", {}, text || url) : null;
  }

  function typeBadge(type) {
    const badge = el("span", { class: "badge type" }, type.replaceAll("_", " "));
    badge.style.setProperty("--type-colour", TYPE_COLOURS[type] || "#555");
    return badge;
  }

  function factualityBadge(value) {
    return el("span", { class: `badge fact-${value}` }, value);
  }

  function statusBadge(fact) {
    return el("span", { class: `badge status-${fact.status}`, title: fact.status_note || "" }, fact.status || "—");
  }

  function actorLinks(ids) {
    if (!ids || !ids.length) return el("span", { class: "muted" }, "—");
    const out = [];
    ids.forEach((id, i) => {
      if (i) out.push(", ");
      out.push(link(`#/actor/${encodeURIComponent(id)}`, id));
    });
    return el("span", { class: "actors" }, out);
  }

  function relationCell(source, target) {
    return el("span", { class: "relation" }, actorLinks(source), " → ", actorLinks(target));
  }

  function loading() {
    return el("p", { class: "muted loading" }, "Loading…");
  }

  // An error replaces whatever was loading, says what the API said, and offers a way on:
  // back, clear the filters (on a list), or the facts.
  function errorBox(error, clearHash) {
    const back = el("button", { type: "button", class: "link-button" }, "← Back");
    back.addEventListener("click", () => {
      if (history.length > 1) history.back();
      else location.hash = "#/facts";
    });
    return el(
      "div",
      { class: "error", role: "alert" },
      el("p", { class: "error-message" }, `Error: ${(error && error.message) || String(error)}`),
      el("p", { class: "error-actions" }, back, clearHash ? [" · ", link(clearHash, "clear filters")] : null, " · ", link("#/facts", "all facts")),
    );
  }

  function showError(container, error, clearHash) {
    for (const node of container.querySelectorAll(".loading")) node.remove();
    const target = container.querySelector(".results") || container;
    append(target, [errorBox(error, clearHash)]);
  }

  // "No facts match these filters — clear filters", the link only when there are filters.
  function emptyState(text, clearHash, filtered) {
    return el("p", { class: "muted empty" }, text, filtered && clearHash ? [" — ", link(clearHash, "clear filters")] : null);
  }

  // Tables scroll inside their own box on a narrow screen, never the page.
  function tableBox(table) {
    return el("div", { class: "table-box" }, table);
  }

  // Click a column header to sort the rows shown (numbers as numbers); click again to reverse.
  function sortable(table) {
    const heads = table.querySelectorAll("thead th");
    heads.forEach((th, index) => {
      th.classList.add("sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      const sort = () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        for (const other of heads) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.querySelector("tbody");
        const rows = Array.from(body.rows);
        const key = (row) => (row.cells[index] ? row.cells[index].textContent.trim() : "");
        const numeric = rows.every((row) => key(row) === "" || !Number.isNaN(Number(key(row))));
        rows.sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const order = numeric ? Number(x || 0) - Number(y || 0) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        for (const row of rows) body.appendChild(row);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
    return table;
  }

  // Links that download what the list shows, under its filters (up to the API's largest page).
  function exportLinks(path, filters, name) {
    const href = (format) => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value && key !== "offset") query.set(key, value);
      query.set("limit", "1000");
      query.set("format", format);
      return `${API}${path}?${query}`;
    };
    return el(
      "p",
      { class: "export" },
      "Export these (up to 1,000): ",
      el("a", { href: href("csv"), download: `${name}.csv`, class: "export-csv" }, "CSV"),
      " · ",
      el("a", { href: href("json"), download: `${name}.json`, class: "export-json" }, "JSON"),
    );
  }

  function setView(name, ...children) {
    for (const a of document.querySelectorAll("nav a[data-view]")) {
      a.classList.toggle("active", a.dataset.view === name);
    }
    clear(view);
    append(view, children);
  }

  // --- API --------------------------------------------------------------------------------

  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") query.set(key, value);
    }
    const url = `${API}${path}${query.toString() ? `?${query}` : ""}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const detail = body && (body.message || (typeof body.detail === "string" ? body.detail : null));
      throw new Error(detail || `${response.status} ${response.statusText}`);
    }
    return body;
  }

  async function loadVocabulary() {
    if (!vocabulary) vocabulary = await api("/vocabulary");
    return vocabulary;
  }

  // --- routing ----------------------------------------------------------------------------

  function parseHash() {
    const hash = location.hash.replace(/^#\/?/, "");
    const [path, query] = hash.split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    return { parts, params: new URLSearchParams(query || "") };
  }

  function go(name, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== null && value !== undefined && value !== "" && value !== false) query.set(key, value);
    }
    location.hash = `#/${name}${query.toString() ? `?${query}` : ""}`;
  }

  const routes = {
    facts: (parts, params) => factsView(params),
    fact: (parts) => factView(parts[1]),
    network: (parts, params) => networkView(params),
    timeline: (parts, params) => timelineView(params),
    actors: (parts, params) => actorsView(params),
    actor: (parts) => actorView(parts[1]),
    articles: (parts, params) => articlesView(params),
    article: (parts, params) => articleView(parts[1], params.get("event")),
    stories: (parts, params) => storiesView(params),
    story: (parts) => storyView(parts[1]),
    flags: (parts, params) => flagsView(params),
    register: (parts, params) => registerView(params),
  };

  const LISTS = new Set(["facts", "network", "timeline", "actors", "articles", "stories", "flags", "register"]);

  async function route() {
    const { parts, params } = parseHash();
    const name = routes[parts[0]] ? parts[0] : "facts";
    const NAV = { fact: "facts", actor: "actors", article: "articles", story: "stories" };
    setView(NAV[name] || name, loading());
    try {
      await routes[name](parts, params);
    } catch (error) {
      const filtered = LISTS.has(name) && [...params.keys()].length > 0;
      showError(view, error, filtered ? `#/${name}` : null);
    }
  }

  // --- filter forms -----------------------------------------------------------------------

  function selectField(name, label, options, value) {
    const select = el("select", { name, id: `f-${name}` }, el("option", { value: "" }, "any"));
    for (const option of options) {
      append(select, [el("option", { value: option, selected: option === value }, option.replaceAll("_", " "))]);
    }
    return el("label", { for: `f-${name}` }, label, select);
  }

  function textField(name, label, value, placeholder) {
    return el(
      "label",
      { for: `f-${name}` },
      label,
      el("input", { name, id: `f-${name}`, type: "text", value: value || "", placeholder: placeholder || "" }),
    );
  }

  function filterForm(fields, onSubmit) {
    const form = el("form", { class: "filters" }, fields, el("button", { type: "submit" }, "Apply"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = {};
      for (const [key, value] of new FormData(form).entries()) values[key] = value;
      for (const box of form.querySelectorAll("input[type=checkbox]")) values[box.name] = box.checked ? "true" : "";
      onSubmit(values);
    });
    return form;
  }

  function pager(page, params, name) {
    const offset = page.offset;
    const prev = el("button", { type: "button", disabled: offset === 0 }, "← Previous");
    const next = el("button", { type: "button", disabled: page.next_offset === null }, "Next →");
    prev.addEventListener("click", () => go(name, { ...params, offset: Math.max(0, offset - page.limit) }));
    next.addEventListener("click", () => go(name, { ...params, offset: page.next_offset }));
    const shown = page.items.length ? `${offset + 1}–${offset + page.items.length}` : "none";
    return el("div", { class: "pager" }, prev, el("span", { class: "muted" }, `rows ${shown}`), next);
  }

  function paramsObject(params, names) {
    const out = {};
    for (const name of names) if (params.get(name)) out[name] = params.get(name);
    return out;
  }

  // --- facts ------------------------------------------------------------------------------

  const FACT_FILTERS = ["q", "type", "source", "target", "actor", "weapon", "factuality", "status", "outlet", "since", "until", "flagged"];

  function resolutionLabel(flag) {
    return /^[0-9]+$/.test(flag.resolution || "") ? `UNSCR ${flag.resolution}` : flag.resolution || flag.regime || "";
  }

  function flagBadges(flags) {
    return (flags || []).map((flag) =>
      el("span", { class: `badge flag-${flag.status}`, title: flag.reasoning || "" }, `${flag.status} · ${resolutionLabel(flag)}`),
    );
  }

  async function factsView(params) {
    const vocab = await loadVocabulary();
    const filters = paramsObject(params, FACT_FILTERS);
    const form = filterForm(
      [
        textField("q", "Search articles", filters.q, "words or \"a phrase\""),
        selectField("type", "Type", vocab.event_types, filters.type),
        textField("source", "Source", filters.source, "PRK"),
        textField("target", "Target", filters.target, "RUS"),
        textField("actor", "Actor", filters.actor, "any role"),
        selectField("weapon", "Weapon", vocab.weapon_categories, filters.weapon),
        selectField("factuality", "Factuality", vocab.factualities, filters.factuality),
        selectField("status", "Status", vocab.fact_statuses, filters.status),
        textField("outlet", "Outlet", filters.outlet, "reported by"),
        textField("since", "Since", filters.since, "YYYY-MM"),
        textField("until", "Until", filters.until, "YYYY-MM"),
        el("label", { for: "f-flagged", class: "check" }, el("input", { type: "checkbox", name: "flagged", id: "f-flagged", checked: filters.flagged === "true" }), "flagged only"),
      ],
      (values) => go("facts", values),
    );
    const results = el("section", { id: "facts-results", class: "results" }, loading());
    setView("facts", el("h1", {}, "Facts"), form, results);
    const page = await api("/facts", { ...filters, limit: 50, offset: params.get("offset") || 0 });
    clear(results);
    if (!page.items.length) {
      append(results, [emptyState("No facts match these filters", "#/facts", Object.keys(filters).length > 0)]);
      return;
    }
    const rows = page.items.map((fact) =>
      el(
        "tr",
        { "data-fact-id": fact.fact_id },
        el("td", {}, typeBadge(fact.type)),
        el("td", {}, relationCell(fact.source, fact.target)),
        el("td", {}, fact.weapons.join(", ")),
        el("td", {}, factualityBadge(fact.factuality)),
        el("td", {}, statusBadge(fact)),
        el("td", { class: "nowrap" }, fact.date || el("span", { class: "muted" }, "—")),
        el("td", { class: "num" }, fact.n_outlets),
        el("td", { class: "num" }, fact.n_events),
        el("td", { class: "num" }, fact.n_contradictions || ""),
        el("td", {}, flagBadges(fact.flags)),
        el("td", {}, link(`#/fact/${encodeURIComponent(fact.fact_id)}`, fact.summary || fact.fact_id)),
      ),
    );
    const head = ["Type", "Source → target", "Weapons", "Factuality", "Status", "Date", "Outlets", "Events", "Contra.", "Flags", "Summary"];
    append(results, [
      exportLinks("/facts", filters, "facts"),
      tableBox(sortable(el("table", { class: "facts" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)))),
      pager(page, filters, "facts"),
    ]);
  }

  // --- one fact ---------------------------------------------------------------------------

  // Offsets count Unicode code points (Python string indices); JavaScript strings count UTF-16
  // units, so the body is split into code points before slicing.
  function highlightedBody(body, spans) {
    const chars = Array.from(body);
    const sorted = spans.filter((s) => s.start < s.end && s.end <= chars.length).sort((a, b) => a.start - b.start);
    const out = [];
    let at = 0;
    for (const span of sorted) {
      const start = Math.max(span.start, at);
      if (start >= span.end) continue;
      out.push(chars.slice(at, start).join(""));
      out.push(el("mark", { class: `evidence ${span.className || ""}`, title: span.title || "", "data-event-id": span.eventId || null }, chars.slice(start, span.end).join("")));
      at = span.end;
    }
    out.push(chars.slice(at).join(""));
    return el("div", { class: "article-body" }, out);
  }

  // The span of an event's evidence in the body: its offsets when they match, else the text found.
  function evidenceSpan(body, event) {
    const chars = Array.from(body);
    if (chars.slice(event.evidence_start, event.evidence_end).join("") === event.evidence) {
      return { start: event.evidence_start, end: event.evidence_end };
    }
    const at = body.indexOf(event.evidence);
    if (at < 0) return null;
    const start = Array.from(body.slice(0, at)).length;
    return { start, end: start + Array.from(event.evidence).length };
  }

  // The paragraphs around a span (one before, one after, at most CONTEXT code points either
  // side): enough to read the evidence in context without the whole article on every report.
  const CONTEXT = 600;

  function excerpt(body, span) {
    const chars = Array.from(body);
    const paragraphs = [];
    let start = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (i === chars.length || (chars[i] === "\n" && chars[i + 1] === "\n")) {
        paragraphs.push([start, i]);
        start = i + 2;
        i += 1;
      }
    }
    const at = (offset) => Math.max(0, paragraphs.findIndex(([a, b]) => offset >= a && offset <= b));
    const first = Math.max(0, at(span.start) - 1);
    const last = Math.min(paragraphs.length - 1, at(Math.max(span.start, span.end - 1)) + 1);
    let from = Math.max(paragraphs[first][0], span.start - CONTEXT);
    let to = Math.min(paragraphs[last][1], span.end + CONTEXT);
    // Cut at a space, not inside a word.
    while (from > paragraphs[first][0] && from < span.start && !/\s/.test(chars[from - 1])) from += 1;
    while (to < paragraphs[last][1] && to > span.end && !/\s/.test(chars[to])) to -= 1;
    return { from, to, whole: from === 0 && to === chars.length, text: chars.slice(from, to).join("") };
  }

  async function eventCard(event, factType) {
    const relation = event.relation === "contradiction" ? "contradicts" : "supports";
    const body = el("div", { class: "article-box" }, loading());
    const articleHash = `#/article/${encodeURIComponent(event.doc_id)}?event=${encodeURIComponent(event.event_id)}`;
    const card = el(
      "article",
      { class: `event-card ${event.relation}`, "data-doc-id": event.doc_id },
      el(
        "header",
        {},
        el("span", { class: `badge rel-${event.relation}` }, relation),
        " ",
        event.type && event.type !== factType ? [typeBadge(event.type), " "] : null,
        event.factuality ? factualityBadge(event.factuality) : null,
        " ",
        el("strong", {}, event.outlet || "unknown outlet"),
        event.published ? el("span", { class: "muted" }, ` · ${event.published}`) : null,
        event.attributed_to ? el("span", { class: "muted" }, ` · according to ${event.attributed_to}`) : null,
        event.original_outlet ? el("span", { class: "muted" }, ` · copy of ${event.original_outlet}`) : null,
        event.url ? [" · ", externalLink(event.url, "source")] : null,
      ),
      el("h3", {}, link(articleHash, event.title || event.doc_id)),
      body,
      el("p", { class: "full-article" }, link(articleHash, "Read the full article →")),
    );
    try {
      const article = await api(`/articles/${encodeURIComponent(event.doc_id)}`);
      const span = evidenceSpan(article.body, event);
      clear(body);
      if (!span) {
        append(body, [el("p", { class: "error" }, "The evidence was not found in the stored article text."), el("blockquote", { class: "evidence-quote" }, event.evidence)]);
      } else {
        const part = excerpt(article.body, span);
        const shifted = { start: span.start - part.from, end: span.end - part.from };
        append(body, [
          part.from > 0 ? el("span", { class: "muted elision" }, "… ") : null,
          highlightedBody(part.text, [shifted]),
          part.to < Array.from(article.body).length ? el("span", { class: "muted elision" }, " …") : null,
        ]);
      }
    } catch (error) {
      clear(body);
      showError(body, error);
    }
    return card;
  }

  function definition(term, ...value) {
    return [el("dt", {}, term), el("dd", {}, value)];
  }

  async function factView(factId) {
    setView("facts", loading());
    const fact = await api(`/facts/${encodeURIComponent(factId)}`);
    const flags = (fact.flags || []).map((flag) =>
      el(
        "li",
        { class: `flag flag-${flag.status}` },
        el("span", { class: `badge flag-${flag.status}` }, flag.status),
        " ",
        el("strong", {}, [flag.regime, resolutionLabel(flag), flag.clause].filter(Boolean).join(" · ")),
        " ",
        link(`#/flags?regime=${encodeURIComponent(flag.regime)}`, `all ${flag.regime} flags`),
        flag.reasoning ? el("p", {}, flag.reasoning) : null,
      ),
    );
    const contradictions = fact.events.filter((e) => e.relation === "contradiction").length;
    const events = el("section", { class: "events" }, loading());
    setView(
      "facts",
      el("p", {}, link("#/facts", "← all facts")),
      el("h1", { class: "fact-title" }, typeBadge(fact.type), " ", fact.summary || fact.fact_id),
      el(
        "dl",
        { class: "props" },
        definition("Source → target", relationCell(fact.source, fact.target)),
        definition("Weapons", fact.weapons.join(", ") || "—"),
        definition("Factuality", factualityBadge(fact.factuality), fact.weakest_factuality && fact.weakest_factuality !== fact.factuality ? [" (weakest report: ", factualityBadge(fact.weakest_factuality), ")"] : null),
        definition("Status", statusBadge(fact), fact.status_note ? ` ${fact.status_note}` : null, fact.contradicted_by && fact.contradicted_by.length ? [" · contradicted by ", actorLinks(fact.contradicted_by)] : null),
        definition("Date", fact.date || "—"),
        definition("Reported", [fact.first_reported, fact.last_reported].filter(Boolean).join(" – ") || "—"),
        definition("Outlets", `${fact.n_outlets} independent`, ` · ${fact.n_events} reports`),
        definition("Contradictions", String(fact.n_contradictions ?? contradictions)),
        fact.story_id ? definition("Story", link(`#/story/${encodeURIComponent(fact.story_id)}`, fact.story_id)) : null,
      ),
      el("h2", {}, "Sanctions flags"),
      flags.length ? el("ul", { class: "flags" }, flags) : el("p", { class: "muted" }, "No sanctions flag."),
      el("h2", {}, "Evidence"),
      events,
    );
    const cards = await Promise.all(fact.events.map((event) => eventCard(event, fact.type)));
    clear(events);
    append(events, [cards.length ? cards : el("p", { class: "muted" }, "No events stored for this fact.")]);
  }

  // --- network ----------------------------------------------------------------------------

  let cy = null;

  function edgePanel(panel, edge, basis) {
    clear(panel);
    append(panel, [
      el("h2", {}, edge.source, edge.mutual ? " ↔ " : " → ", edge.target),
      el("p", {}, typeBadge(edge.type), ` ${edge.weight} ${basis}, ${edge.n_events} reports`),
      el(
        "ul",
        { class: "edge-records" },
        edge.records.map((record) =>
          el(
            "li",
            { "data-record-id": record.id },
            factualityBadge(record.factuality),
            " ",
            basis === "facts"
              ? link(`#/fact/${encodeURIComponent(record.id)}`, record.summary || record.id)
              : link(`#/article/${encodeURIComponent(record.doc_id)}`, record.summary || record.id),
            record.date ? el("span", { class: "muted" }, ` · ${record.date}`) : null,
          ),
        ),
      ),
    ]);
  }

  async function networkView(params) {
    const vocab = await loadVocabulary();
    const filters = paramsObject(params, ["type", "actor", "weapon", "factuality", "since", "until", "min_weight"]);
    const form = filterForm(
      [
        selectField("type", "Type", vocab.event_types, filters.type),
        textField("actor", "Actor", filters.actor, "PRK"),
        selectField("factuality", "Factuality", vocab.factualities, filters.factuality),
        textField("since", "Since", filters.since, "YYYY-MM"),
        textField("until", "Until", filters.until, "YYYY-MM"),
        textField("min_weight", "Min. weight", filters.min_weight, "1"),
      ],
      (values) => go("network", values),
    );
    const graphBox = el("div", { id: "network", class: "network" });
    const panel = el("aside", { id: "edge-panel", class: "edge-panel", tabindex: "-1", "aria-live": "polite" }, el("p", { class: "muted" }, "Click an edge to list its facts, a node to open the actor."));
    const legend = el("div", { class: "legend" }, Object.keys(TYPE_COLOURS).map((t) => typeBadge(t)));
    setView("network", el("h1", {}, "Actor network"), form, legend, el("div", { class: "network-layout" }, graphBox, panel));
    const data = await api("/network", filters);
    if (!data.edges.length) {
      append(graphBox, [emptyState("No relations match these filters", "#/network", Object.keys(filters).length > 0)]);
      return;
    }
    const edgesById = new Map(data.edges.map((e) => [e.id, e]));
    const maxWeight = Math.max(...data.edges.map((e) => e.weight));
    if (cy) cy.destroy();
    cy = window.cytoscape({
      container: graphBox,
      elements: [
        ...data.nodes.map((n) => ({ data: { id: n.id, label: n.id, name: n.name, weight: n.weight } })),
        ...data.edges.map((e) => ({
          data: { id: e.id, source: e.source, target: e.target, type: e.type, weight: e.weight, colour: TYPE_COLOURS[e.type] || "#555", arrow: e.mutual ? "none" : "triangle" },
        })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "#34495e", color: "#1b2631", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1, width: "mapData(weight, 1, 30, 14, 40)", height: "mapData(weight, 1, 30, 14, 40)" } },
        { selector: "edge", style: { "curve-style": "bezier", "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "data(arrow)", width: `mapData(weight, 1, ${Math.max(2, maxWeight)}, 2, 9)`, opacity: 0.85 } },
        { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#f1c40f", "underlay-opacity": 0.6, "underlay-padding": 4 } },
      ],
      layout: { name: "circle", padding: 30 },
    });
    // A circle first, then force-directed from there: the same picture every time.
    cy.layout({
      name: "cose",
      randomize: false,
      animate: false,
      padding: 40,
      nodeRepulsion: () => 60000,
      nodeOverlap: 20,
      idealEdgeLength: () => 60,
      edgeElasticity: () => 100,
      gravity: 0.8,
      componentSpacing: 80,
      numIter: 2000,
    }).run();
    cy.on("tap", "edge", (event) => edgePanel(panel, edgesById.get(event.target.id()), data.basis));
    // The same relations as a list: readable however many actors, and usable by keyboard.
    const openEdge = (edge) => {
      cy.elements(":selected").unselect();
      cy.getElementById(edge.id).select();
      edgePanel(panel, edge, data.basis);
      panel.focus();
    };
    const rows = data.edges.map((edge) => {
      const open = el("button", { type: "button", class: "link-button edge-open" }, edge.source, edge.mutual ? " ↔ " : " → ", edge.target);
      open.addEventListener("click", () => openEdge(edge));
      return el("tr", { "data-edge-id": edge.id }, el("td", {}, open), el("td", {}, typeBadge(edge.type)), el("td", { class: "num" }, edge.weight), el("td", { class: "num" }, edge.n_events));
    });
    append(view, [
      el(
        "section",
        { class: "edge-list" },
        el("h2", {}, `Relations (${data.edges.length}${data.truncated ? ", the heaviest" : ""})`),
        tableBox(sortable(el("table", { class: "edges" }, el("thead", {}, el("tr", {}, ["Relation", "Type", data.basis === "facts" ? "Facts" : "Events", "Reports"].map((h) => el("th", {}, h)))), el("tbody", {}, rows)))),
      ),
    ]);
    cy.on("tap", "node", (event) => go(`actor/${encodeURIComponent(event.target.id())}`, {}));
    window.armswatchNetwork = cy; // for the console and the browser tests
    graphBox.dataset.ready = "true";
  }

  // --- timeline ---------------------------------------------------------------------------

  function periodsBetween(first, last, interval) {
    const out = [];
    if (interval === "year") {
      for (let y = Number(first); y <= Number(last); y++) out.push(String(y));
      return out;
    }
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, "0")}`);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function timelineChart(data, available) {
    const periods = periodsBetween(data.buckets[0].period, data.buckets[data.buckets.length - 1].period, data.interval);
    const order = Object.keys(TYPE_COLOURS);
    const types = [...new Set(data.buckets.map((b) => b.type))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const counts = new Map(data.buckets.map((b) => [`${b.period}|${b.type}`, b.n]));
    const totals = periods.map((p) => types.reduce((sum, t) => sum + (counts.get(`${p}|${t}`) || 0), 0));
    // Whole-number gridlines: four equal steps up to a multiple of the step.
    const step = Math.max(1, Math.ceil(Math.max(1, ...totals) / 4));
    const max = step * 4;
    const height = 280, left = 40, bottom = 60, top = 10;
    // Fit the box; only very long timelines (bars under 3 px) scroll sideways.
    const width = Math.max(available, left + 10 + periods.length * 3);
    const barWidth = (width - left - 10) / periods.length;
    const chart = svg("svg", { class: "timeline-chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Facts per period and type" });
    const scale = (n) => ((height - bottom - top) * n) / max;
    for (let i = 0; i <= 4; i++) {
      const value = step * i;
      const y = height - bottom - scale(value);
      append(chart, [svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }), svg("text", { x: left - 6, y: y + 4, class: "axis", "text-anchor": "end" }, String(value))]);
    }
    periods.forEach((period, i) => {
      let y = height - bottom;
      const x = left + i * barWidth;
      for (const type of types) {
        const n = counts.get(`${period}|${type}`) || 0;
        if (!n) continue;
        const h = scale(n);
        y -= h;
        append(chart, [svg("rect", { x: x + 1, y, width: Math.max(1, barWidth - 2), height: h, fill: TYPE_COLOURS[type] || "#555", "data-period": period, "data-type": type }, svg("title", {}, `${period} · ${type}: ${n}`))]);
      }
      const every = Math.max(1, Math.ceil((periods.length * 22) / (width - left)));
      if (i % every === 0) {
        append(chart, [svg("text", { x: x + barWidth / 2, y: height - bottom + 12, class: "axis", transform: `rotate(60 ${x + barWidth / 2} ${height - bottom + 12})` }, period)]);
      }
    });
    return { chart, types, periods, counts };
  }

  async function timelineView(params) {
    const vocab = await loadVocabulary();
    const filters = paramsObject(params, ["interval", "type", "actor", "factuality", "since", "until"]);
    const form = filterForm(
      [
        selectField("interval", "Interval", ["month", "year"], filters.interval || "month"),
        selectField("type", "Type", vocab.event_types, filters.type),
        textField("actor", "Actor", filters.actor, "PRK"),
        selectField("factuality", "Factuality", vocab.factualities, filters.factuality),
        textField("since", "Since", filters.since, "YYYY"),
        textField("until", "Until", filters.until, "YYYY"),
      ],
      (values) => go("timeline", values),
    );
    const out = el("section", { id: "timeline", class: "results" }, loading());
    setView("timeline", el("h1", {}, "Timeline"), form, out);
    const data = await api("/timeline", filters);
    clear(out);
    if (!data.buckets.length) {
      append(out, [emptyState("No dated facts match these filters", "#/timeline", Object.keys(filters).length > 0)]);
      return;
    }
    const box = el("div", { class: "chart-box" });
    append(out, [box]);
    const { chart, types, periods, counts } = timelineChart(data, Math.max(400, box.clientWidth - 24));
    append(box, [chart]);
    const undated = Object.entries(data.undated).map(([t, n]) => `${t.replaceAll("_", " ")}: ${n}`).join(", ");
    const table = el(
      "table",
      { class: "timeline-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "Period"), types.map((t) => el("th", {}, typeBadge(t))))),
      el(
        "tbody",
        {},
        periods
          .filter((p) => types.some((t) => counts.get(`${p}|${t}`)))
          .map((p) => el("tr", {}, el("td", {}, p), types.map((t) => el("td", { class: "num" }, counts.get(`${p}|${t}`) || "")))),
      ),
    );
    append(out, [
      el("p", { class: "muted" }, `${data.basis} per ${data.interval}, by date (else first report).`),
      el("div", { class: "legend" }, types.map((t) => typeBadge(t))),
      box,
      undated ? el("p", { class: "muted" }, `Without a precise enough date: ${undated}.`) : null,
      tableBox(table),
    ]);
  }

  // --- actors -----------------------------------------------------------------------------

  async function actorsView(params) {
    const filters = paramsObject(params, ["q", "kind"]);
    const form = filterForm([textField("q", "Name or id", filters.q, "Korea"), textField("kind", "Kind", filters.kind, "state")], (values) => go("actors", values));
    const out = el("section", { class: "results" }, loading());
    setView("actors", el("h1", {}, "Actors"), form, out);
    const page = await api("/actors", { ...filters, limit: 100, offset: params.get("offset") || 0 });
    clear(out);
    if (!page.items.length) {
      append(out, [emptyState("No actors match", "#/actors", Object.keys(filters).length > 0)]);
      return;
    }
    append(out, [
      exportLinks("/actors", filters, "actors"),
      el(
        "table",
        { class: "actors" },
        el("thead", {}, el("tr", {}, ["Actor", "Id", "Kind", "Facts", "Events"].map((h) => el("th", {}, h)))),
        el("tbody", {}, page.items.map((a) => el("tr", {}, el("td", {}, link(`#/actor/${encodeURIComponent(a.actor_id)}`, a.name)), el("td", {}, a.actor_id), el("td", {}, a.kind), el("td", { class: "num" }, a.n_facts), el("td", { class: "num" }, a.n_events)))),
      ),
      pager(page, filters, "actors"),
    ]);
  }

  async function actorView(actorId) {
    setView("actors", loading());
    const actor = await api(`/actors/${encodeURIComponent(actorId)}`);
    const direction = { out: "→", in: "←", mutual: "↔" };
    const relations = actor.relations.map((r) => {
      const [source, target] = r.direction === "in" ? [r.partner, actor.actor_id] : [actor.actor_id, r.partner];
      const factsLink = r.n_facts
        ? link(`#/facts?${new URLSearchParams(r.direction === "mutual" ? { actor: actor.actor_id, type: r.type } : { source, target, type: r.type })}`, String(r.n_facts))
        : "";
      return el(
        "tr",
        {},
        el("td", { class: "dir" }, direction[r.direction]),
        el("td", {}, link(`#/actor/${encodeURIComponent(r.partner)}`, r.partner_name), el("span", { class: "muted" }, ` ${r.partner}`)),
        el("td", {}, typeBadge(r.type)),
        el("td", { class: "num" }, factsLink),
        el("td", { class: "num" }, r.n_events || ""),
      );
    });
    const facts = el("section", {}, loading());
    setView(
      "actors",
      el("p", {}, link("#/actors", "← all actors")),
      el("h1", {}, actor.name, " ", el("span", { class: "muted" }, `${actor.actor_id} · ${actor.kind || "unknown kind"}`)),
      el("p", {}, `${actor.n_facts} facts, ${actor.n_events} events. `, link(`#/network?actor=${encodeURIComponent(actor.actor_id)}`, "Network"), " · ", link(`#/timeline?actor=${encodeURIComponent(actor.actor_id)}`, "Timeline"), " · ", link(`#/facts?actor=${encodeURIComponent(actor.actor_id)}&flagged=true`, "Flagged facts")),
      el("h2", {}, "Relations"),
      relations.length
        ? tableBox(el("table", { class: "relations" }, el("thead", {}, el("tr", {}, ["", "Partner", "Type", "Facts", "Events"].map((h) => el("th", {}, h)))), el("tbody", {}, relations)))
        : el("p", { class: "muted" }, "No relations."),
      el("h2", {}, "Strongest facts"),
      facts,
    );
    const page = await api("/facts", { actor: actor.actor_id, limit: 20 });
    clear(facts);
    append(facts, [
      page.items.length
        ? el("ul", { class: "fact-list" }, page.items.map((f) => el("li", {}, typeBadge(f.type), " ", factualityBadge(f.factuality), " ", link(`#/fact/${encodeURIComponent(f.fact_id)}`, f.summary || f.fact_id), el("span", { class: "muted" }, ` · ${f.n_outlets} outlets`))))
        : el("p", { class: "muted" }, "No facts."),
      page.next_offset !== null ? link(`#/facts?actor=${encodeURIComponent(actor.actor_id)}`, "All facts of this actor →") : null,
    ]);
  }

  // --- articles ---------------------------------------------------------------------------

  async function articlesView(params) {
    const filters = paramsObject(params, ["q", "outlet", "since", "until"]);
    const form = filterForm(
      [textField("q", "Search", filters.q, "words or \"a phrase\""), textField("outlet", "Outlet", filters.outlet, ""), textField("since", "Since", filters.since, "YYYY-MM"), textField("until", "Until", filters.until, "YYYY-MM")],
      (values) => go("articles", values),
    );
    const out = el("section", { class: "results" }, loading());
    setView("articles", el("h1", {}, "Articles"), form, out);
    const page = await api("/articles", { ...filters, limit: 50, offset: params.get("offset") || 0 });
    clear(out);
    if (!page.items.length) {
      append(out, [emptyState("No articles match these filters", "#/articles", Object.keys(filters).length > 0)]);
      return;
    }
    append(out, [
      exportLinks("/articles", filters, "articles"),
      tableBox(
        sortable(
          el(
            "table",
            { class: "articles" },
            el("thead", {}, el("tr", {}, ["Published", "Outlet", "Title", "Story"].map((h) => el("th", {}, h)))),
            el(
              "tbody",
              {},
              page.items.map((a) =>
                el(
                  "tr",
                  {},
                  el("td", { class: "nowrap" }, a.published || "—"),
                  el("td", {}, a.outlet ? link(`#/articles?outlet=${encodeURIComponent(a.outlet)}`, a.outlet) : "—"),
                  el("td", {}, link(`#/article/${encodeURIComponent(a.doc_id)}`, a.title || a.doc_id)),
                  el("td", {}, a.story ? link(`#/story/${encodeURIComponent(a.story)}`, "story") : ""),
                ),
              ),
            ),
          ),
        ),
      ),
      pager(page, filters, "articles"),
    ]);
  }

  async function articleView(docId, eventId) {
    setView("articles", loading());
    const article = await api(`/articles/${encodeURIComponent(docId)}`);
    const spans = article.events
      .map((e) => ({ ...evidenceSpan(article.body, e), title: `${e.type} · ${e.factuality}`, eventId: e.event_id, className: e.event_id === eventId ? "current" : "" }))
      .filter((s) => s.start !== undefined);
    // The sentence asked for wins over another event's span that overlaps it.
    const current = spans.find((s) => s.className === "current");
    const marked = current ? spans.filter((s) => s === current || s.end <= current.start || s.start >= current.end) : spans;
    const events = article.events.map((e) =>
      el("li", {}, typeBadge(e.type), " ", factualityBadge(e.factuality), " ", relationCell(e.source, e.target), e.weapons.length ? el("span", { class: "muted" }, ` · ${e.weapons.join(", ")}`) : null, e.date ? el("span", { class: "muted" }, ` · ${e.date}`) : null),
    );
    setView(
      "articles",
      el("p", {}, link("#/articles", "← all articles")),
      el("h1", {}, article.title || article.doc_id),
      el("p", { class: "muted" }, [article.outlet, article.published].filter(Boolean).join(" · "), " ", externalLink(article.url, "source")),
      el("h2", {}, "Events"),
      events.length ? el("ul", { class: "event-list" }, events) : el("p", { class: "muted" }, "No events read from this article."),
      el("h2", {}, "Text"),
      el("div", { class: "article-box tall" }, highlightedBody(article.body, marked)),
    );
    // Arriving from a fact's report: bring its sentence into view.
    const mark = view.querySelector("mark.evidence.current");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  // --- stories ----------------------------------------------------------------------------

  async function storiesView(params) {
    const out = el("section", { class: "results" }, loading());
    setView("stories", el("h1", {}, "Stories"), el("p", { class: "muted" }, "Articles about one happening, across outlets, latest first."), out);
    const page = await api("/stories", { limit: 50, offset: params.get("offset") || 0 });
    clear(out);
    if (!page.items.length) {
      append(out, [emptyState("No stories yet: ingest builds them (or armswatch rebuild).")]);
      return;
    }
    append(out, [
      exportLinks("/stories", {}, "stories"),
      tableBox(
        sortable(
          el(
            "table",
            { class: "stories" },
            el("thead", {}, el("tr", {}, ["Last", "First", "Story", "Articles", "Outlets"].map((h) => el("th", {}, h)))),
            el(
              "tbody",
              {},
              page.items.map((st) =>
                el(
                  "tr",
                  { "data-story-id": st.story_id },
                  el("td", { class: "nowrap" }, st.last_published || "—"),
                  el("td", { class: "nowrap" }, st.first_published || "—"),
                  el("td", {}, link(`#/story/${encodeURIComponent(st.story_id)}`, st.label || st.story_id)),
                  el("td", { class: "num" }, st.n_articles),
                  el("td", { class: "num" }, st.n_outlets),
                ),
              ),
            ),
          ),
        ),
      ),
      pager(page, {}, "stories"),
    ]);
  }

  async function storyView(storyId) {
    const story = await api(`/stories/${encodeURIComponent(storyId)}`);
    const outlets = [...new Set(story.articles.map((a) => a.outlet).filter(Boolean))].sort();
    const period = [story.first_published, story.last_published].filter(Boolean).join(" – ") || "undated";
    setView(
      "stories",
      el("p", {}, link("#/stories", "← all stories")),
      el("h1", {}, story.label || story.story_id),
      el("p", { class: "muted" }, `${story.story_id} · ${story.n_articles} articles · ${story.n_outlets} outlets · ${period}`),
      el("h2", {}, "Articles"),
      story.articles.length
        ? tableBox(
            el(
              "table",
              { class: "story-articles" },
              el("thead", {}, el("tr", {}, ["Published", "Outlet", "Title"].map((h) => el("th", {}, h)))),
              el(
                "tbody",
                {},
                story.articles.map((a) =>
                  el(
                    "tr",
                    { "data-doc-id": a.doc_id },
                    el("td", { class: "nowrap" }, a.published || "—"),
                    el("td", {}, a.outlet || "—"),
                    el("td", {}, link(`#/article/${encodeURIComponent(a.doc_id)}`, a.title || a.doc_id), a.near_duplicate_of ? el("span", { class: "muted" }, ` · copy of ${a.near_duplicate_of}`) : null),
                  ),
                ),
              ),
            ),
          )
        : emptyState("No articles in this story."),
      el("h2", {}, "Outlets"),
      outlets.length ? el("ul", { class: "outlets" }, outlets.map((o) => el("li", {}, link(`#/articles?outlet=${encodeURIComponent(o)}`, o)))) : emptyState("No outlet named."),
      el("h2", {}, "Facts"),
      story.facts.length
        ? el("ul", { class: "fact-list" }, story.facts.map((f) => el("li", {}, typeBadge(f.type), " ", factualityBadge(f.factuality), " ", link(`#/fact/${encodeURIComponent(f.fact_id)}`, f.summary || f.fact_id), " ", flagBadges(f.flags))))
        : emptyState("No facts read from this story."),
    );
  }

  // --- sanctions flags --------------------------------------------------------------------

  async function flagsView(params) {
    const vocab = await loadVocabulary();
    const filters = paramsObject(params, ["status", "regime"]);
    const form = filterForm(
      [selectField("status", "Status", vocab.flag_statuses, filters.status), textField("regime", "Regime", filters.regime, "dprk")],
      (values) => go("flags", values),
    );
    const out = el("section", { class: "results" }, loading());
    setView("flags", el("h1", {}, "Sanctions flags"), el("p", { class: "muted" }, "Facts that may breach a UN Security Council regime, by regime and status."), form, out);
    const page = await api("/flags", { ...filters, limit: 1000 });
    clear(out);
    if (!page.items.length) {
      append(out, [emptyState("No flags match these filters", "#/flags", Object.keys(filters).length > 0)]);
      return;
    }
    const regimes = new Map();
    for (const flag of page.items) {
      if (!regimes.has(flag.regime)) regimes.set(flag.regime, []);
      regimes.get(flag.regime).push(flag);
    }
    const order = vocab.flag_statuses;
    append(out, [exportLinks("/flags", filters, "flags")]);
    for (const [regime, flags] of [...regimes.entries()].sort()) {
      flags.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || String(b.date || "").localeCompare(String(a.date || "")));
      const counts = order.map((status) => [status, flags.filter((f) => f.status === status).length]).filter(([, n]) => n);
      append(out, [
        el("h2", { class: "regime", "data-regime": regime }, regime, " ", counts.map(([status, n]) => el("span", { class: `badge flag-${status}` }, `${n} ${status}`))),
        tableBox(
          el(
            "table",
            { class: "flags" },
            el("thead", {}, el("tr", {}, ["Status", "Resolution", "Type", "Parties", "Date", "Fact", "Reasoning"].map((h) => el("th", {}, h)))),
            el(
              "tbody",
              {},
              flags.map((flag) =>
                el(
                  "tr",
                  { "data-flag-id": flag.flag_id },
                  el("td", {}, el("span", { class: `badge flag-${flag.status}` }, flag.status)),
                  el("td", { class: "nowrap" }, `${resolutionLabel(flag)} ${flag.clause}`),
                  el("td", {}, typeBadge(flag.type)),
                  el("td", {}, relationCell(flag.source, flag.target)),
                  el("td", { class: "nowrap" }, flag.date || "—"),
                  el("td", {}, link(`#/fact/${encodeURIComponent(flag.fact_id)}`, `${flag.n_outlets} outlet${flag.n_outlets === 1 ? "" : "s"}`)),
                  el("td", { class: "reasoning" }, flag.reasoning),
                ),
              ),
            ),
          ),
        ),
      ]);
    }
  }

  // --- arms-transfer register -------------------------------------------------------------

  const REGISTER_FILTERS = ["supplier", "recipient", "designation", "status"];

  // An empty cell for a missing number, so that the column still sorts as numbers.
  function numberCell(value) {
    return el("td", { class: "num" }, value === null || value === undefined ? "" : value);
  }

  // The facts of a deal: the transfers between its parties (one actor each way, as the facts
  // filters take them).
  function dealFactsHash(entry) {
    const query = new URLSearchParams();
    if (entry.supplier.length === 1) query.set("source", entry.supplier[0]);
    if (entry.recipient.length === 1) query.set("target", entry.recipient[0]);
    return `#/facts?${query}`;
  }

  // Each report behind an entry opens its article with the sentence the entry was read from.
  function dealSources(entry) {
    const items = entry.sources.map((source) =>
      el(
        "li",
        { "data-event-id": source.event_id },
        el("span", { class: `badge deal-${source.status}` }, source.status.replaceAll("_", " ")),
        " ",
        link(`#/article/${encodeURIComponent(source.doc_id)}?event=${encodeURIComponent(source.event_id)}`, source.outlet || source.doc_id),
        el("span", { class: "muted evidence-text" }, ` · ${source.evidence}`),
      ),
    );
    return el(
      "details",
      { class: "deal-sources" },
      el("summary", {}, `${entry.sources.length} report${entry.sources.length === 1 ? "" : "s"}`),
      el("ul", {}, items),
      el("p", {}, link(dealFactsHash(entry), "facts between these parties")),
    );
  }

  async function registerView(params) {
    const vocab = await loadVocabulary();
    const filters = paramsObject(params, REGISTER_FILTERS);
    const form = filterForm(
      [
        textField("supplier", "Supplier", filters.supplier, "KOR"),
        textField("recipient", "Recipient", filters.recipient, "POL"),
        textField("designation", "Designation", filters.designation, "K2"),
        selectField("status", "Status", vocab.register_statuses || [], filters.status),
      ],
      (values) => go("register", values),
    );
    const out = el("section", { id: "register-results", class: "results" }, loading());
    setView(
      "register",
      el("h1", {}, "Arms-transfer register"),
      el("p", { class: "muted" }, "Deals by supplier, recipient and designation, with the numbers, years and stage their reports give."),
      form,
      out,
    );
    const page = await api("/register", { ...filters, limit: 50, offset: params.get("offset") || 0 });
    clear(out);
    if (!page.items.length) {
      const filtered = Object.keys(filters).length > 0;
      const text = filtered ? "No register entries match these filters" : "No register entries yet: transfers whose reports name a designation make them.";
      append(out, [emptyState(text, "#/register", filtered)]);
      return;
    }
    const rows = page.items.map((entry) =>
      el(
        "tr",
        { "data-entry-id": entry.entry_id },
        el("td", {}, actorLinks(entry.supplier)),
        el("td", {}, actorLinks(entry.recipient)),
        el("td", { title: entry.weapon_description || "" }, entry.designation),
        numberCell(entry.number_ordered),
        numberCell(entry.number_delivered),
        numberCell(entry.year_of_order),
        el("td", { class: "nowrap" }, entry.years_of_delivery.join(", ")),
        el("td", {}, el("span", { class: `badge deal-${entry.status}` }, entry.status.replaceAll("_", " "))),
        numberCell(entry.sources.length),
        el("td", {}, dealSources(entry)),
      ),
    );
    const head = ["Supplier", "Recipient", "Designation", "Ordered", "Delivered", "Order year", "Delivery years", "Status", "Sources", "Reports"];
    append(out, [
      exportLinks("/register", filters, "register"),
      tableBox(sortable(el("table", { class: "register" }, el("thead", {}, el("tr", {}, head.map((h) => el("th", {}, h)))), el("tbody", {}, rows)))),
      pager(page, filters, "register"),
    ]);
  }

  // --- start ------------------------------------------------------------------------------

  async function showSummary() {
    try {
      const summary = await api("/summary");
      const parts = [`${summary.articles} articles`, `${summary.events} events`];
      if (summary.facts !== undefined) parts.push(`${summary.facts} facts`);
      document.getElementById("db-summary").textContent = parts.join(" · ");
    } catch {
      // The summary is decoration; the views report their own errors.
    }
  }

  window.addEventListener("hashchange", route);
  showSummary();
  route();
})();
