// The report's interactivity: filters, the Arabic/English switch, sortable and searchable
// tables, and the Plotly charts and map, all drawn from the JSON in #sahel-data. Text from the
// data is only ever set as textContent, never parsed as markup.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("sahel-data").textContent);
  const A = D.actors;
  const NO_DATA = "لا توجد بيانات · No data";
  // The look every chart shares with the Plotly figures of sahel.report.figures (its STYLE).
  const FONT = D.style.font;
  const CONFIG = { responsive: true, displaylogo: false };
  const QUAD_COLOURS = D.style.quad_colours;
  const PALETTE = D.style.palette;
  const ROW_LIMIT = 500;
  let LANG = "en";
  const F = { source: null, actor: null, type: null, from: "", to: "" };

  // ------------------------------------------------------------------ helpers
  const name = (i) => (i === null || i === undefined ? "" : LANG === "ar" ? A.ar[i] : A.en[i]);
  const typeName = (t) => (t === null || t === undefined ? "" : D.types[t][0]);
  const fmt = (n) => Number(n).toLocaleString("en-US");
  const pct = (x) => (100 * x).toFixed(1) + "%";
  const docDate = (d) => D.docs.date[d];
  const docSource = (d) => D.sources[D.docs.source[d]] || "";
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function sum(map, key, n) { map.set(key, (map.get(key) || 0) + n); }
  function top(map, n) { return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n); }
  function colourOfType(t) { return D.type_colours[t] || "#7f7f7f"; }

  // Periods: the resolution the corpus needs (day, week or month; see the note in #timeline).
  function bin(date) {
    if (!date || date.length < 7) return null;
    if (date.length < 10) date = date.slice(0, 7) + "-01";
    if (D.resolution === "month") return date.slice(0, 7) + "-01";
    if (D.resolution === "day") return date.slice(0, 10);
    const d = new Date(date.slice(0, 10) + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // back to Monday
    return d.toISOString().slice(0, 10);
  }
  function binsBetween(first, last) {
    const out = [];
    const d = new Date(first + "T00:00:00Z");
    for (let guard = 0; guard < 5000; guard++) {
      const key = d.toISOString().slice(0, 10);
      if (key > last) break;
      out.push(key);
      if (D.resolution === "day") d.setUTCDate(d.getUTCDate() + 1);
      else if (D.resolution === "week") d.setUTCDate(d.getUTCDate() + 7);
      else d.setUTCMonth(d.getUTCMonth() + 1);
    }
    return out;
  }
  function axisBins(keys) {
    const sorted = [...keys].filter(Boolean).sort();
    return sorted.length ? binsBetween(sorted[0], sorted[sorted.length - 1]) : [];
  }
  // An event's day for the charts: its own date when it has a day, else its article's date when
  // that falls in the event's month, else the event's month.
  function eventDay(k) {
    const date = D.events.date[k];
    if (date && date.length >= 10) return date;
    const own = docDate(D.events.doc[k]);
    if (date && date.length === 7) return own && own.startsWith(date) ? own : date + "-01";
    return null;
  }

  function empty(id) {
    const node = document.getElementById(id);
    if (window.Plotly) Plotly.purge(node);
    node.replaceChildren(el("p", { class: "empty" }, NO_DATA));
    node.dataset.drawn = "0";
  }
  function draw(id, traces, layout) {
    const node = document.getElementById(id);
    if (node.querySelector("p.empty")) node.replaceChildren();
    Plotly.react(node, traces, Object.assign({ font: FONT, margin: { l: 60, r: 30, t: 30, b: 50 },
      hovermode: "closest" }, layout), CONFIG);
    node.dataset.drawn = "1";
  }

  // ------------------------------------------------------------------ tables
  // A table with sortable columns (click a header), a search box and the first ROW_LIMIT rows.
  class Table {
    constructor(id, columns, opts) {
      this.box = document.getElementById(id);
      this.columns = columns;
      this.opts = opts || {};
      this.rows = [];
      this.sort = null;
      this.query = "";
      const tools = el("div", { class: "tools" });
      this.search = el("input", { type: "search", placeholder: "بحث · search", "aria-label": "search" });
      this.search.addEventListener("input", () => { this.query = this.search.value.trim().toLowerCase(); this.render(); });
      this.count = el("span", { class: "count" });
      tools.append(this.search, this.count);
      this.table = el("table", { dir: "rtl" });
      const head = el("tr");
      columns.forEach((c, k) => {
        const th = el("th", { scope: "col", "data-col": String(k) }, c.ar + " ");
        th.append(el("span", { class: "en", dir: "ltr" }, c.en));
        th.addEventListener("click", () => this.sortBy(k));
        head.append(th);
      });
      const thead = el("thead");
      thead.append(head);
      this.tbody = el("tbody");
      this.table.append(thead, this.tbody);
      const scroll = el("div", { class: "scroll" });
      scroll.append(this.table);
      this.box.append(tools, scroll);
    }
    set(rows) { this.rows = rows; this.render(); }
    sortBy(k) {
      const dir = this.sort && this.sort.k === k && this.sort.dir === 1 ? -1 : 1;
      this.sort = { k, dir };
      this.table.querySelectorAll("th").forEach((th, j) =>
        th.setAttribute("aria-sort", j === k ? (dir === 1 ? "ascending" : "descending") : "none"));
      this.render();
    }
    text(row, c) { const v = c.value(row); return v === null || v === undefined ? "" : String(v); }
    render() {
      let rows = this.rows;
      if (this.query) {
        rows = rows.filter((r) => this.columns.some((c) => (c.search ? c.search(r) : this.text(r, c)).toLowerCase().includes(this.query)));
      }
      if (this.sort) {
        const c = this.columns[this.sort.k], dir = this.sort.dir;
        rows = rows.slice().sort((a, b) => {
          const x = c.value(a), y = c.value(b);
          if (x === y) return 0;
          if (x === null || x === undefined || x === "") return 1;
          if (y === null || y === undefined || y === "") return -1;
          return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y))) * dir;
        });
      }
      const shown = rows.slice(0, ROW_LIMIT);
      const body = document.createDocumentFragment();
      for (const row of shown) {
        const tr = el("tr");
        for (const c of this.columns) {
          const td = el("td", c.num ? { class: "num" } : c.cls ? { class: c.cls } : {});
          if (c.cell) c.cell(row, td);
          else {
            const v = c.value(row);
            td.textContent = c.num && typeof v === "number" ? (c.pct ? pct(v) : fmt(v)) : v === null || v === undefined ? "" : String(v);
            if (!c.num) td.setAttribute("dir", "auto");
          }
          tr.append(td);
        }
        body.append(tr);
      }
      this.tbody.replaceChildren(body);
      this.count.textContent = rows.length > shown.length
        ? `${fmt(shown.length)} / ${fmt(rows.length)} صفا · rows (ابحث للتضييق · search to narrow)`
        : `${fmt(rows.length)} صفا · rows`;
      this.table.hidden = rows.length === 0;
      this.box.dataset.rows = String(rows.length);
    }
  }
  const col = (ar, en, value, extra) => Object.assign({ ar, en, value }, extra || {});
  // An actor column: shown in the chosen language, found by a search in either.
  const both = (i) => (i === null || i === undefined ? "" : A.en[i] + " " + A.ar[i]);
  const actorCol = (ar, en, index) => col(ar, en, (r) => name(index(r)), { search: (r) => both(index(r)) });

  // ------------------------------------------------------------------ filtering
  let docOk = [], docMentions = [];
  const mentionsByDoc = new Map();
  for (const [d, a, n] of D.mentions) {
    if (!mentionsByDoc.has(d)) mentionsByDoc.set(d, new Set());
    mentionsByDoc.get(d).add(a);
  }
  const typesByDoc = new Map();
  D.events.doc.forEach((d, k) => {
    if (!typesByDoc.has(d)) typesByDoc.set(d, new Set());
    typesByDoc.get(d).add(D.events.type[k]);
  });
  // The period filter takes each row by its own date: an article (and its mentions, dates and
  // KWIC lines) by its publication date, an event by the event's date. A date of month or year
  // precision is the span it covers, kept when that span meets the period.
  function inPeriod(date) {
    if (!F.from && !F.to) return true;
    if (!date) return false;
    const last = date.length === 4 ? date + "-12-31" : date.length === 7 ? date + "-31" : date;
    return (!F.from || last >= F.from) && (!F.to || date.slice(0, 10) <= F.to);
  }
  function sourceOk(d) {
    return d !== null && d !== undefined && (F.source === null || D.docs.source[d] === F.source);
  }
  function baseOk(d) { return sourceOk(d) && inPeriod(docDate(d)); }
  function computeDocs() {
    const n = D.docs.source.length;
    docOk = new Array(n);
    for (let d = 0; d < n; d++) {
      docOk[d] = baseOk(d)
        && (F.actor === null || (mentionsByDoc.get(d) || new Set()).has(F.actor))
        && (F.type === null || (typesByDoc.get(d) || new Set()).has(F.type));
    }
  }
  // An event's own date, else (none found in the text) its article's.
  const eventDate = (k) => D.events.date[k] || docDate(D.events.doc[k]);
  function eventOk(k) {
    return sourceOk(D.events.doc[k]) && inPeriod(eventDate(k))
      && (F.actor === null || D.events.a1[k] === F.actor || D.events.a2[k] === F.actor)
      && (F.type === null || D.events.type[k] === F.type);
  }

  // ------------------------------------------------------------------ sections
  const tables = {};
  function build() {
    tables.actors = new Table("table-actors", [
      col("#", "rank", (r) => r.rank, { num: true }),
      actorCol("الفاعل", "actor", (r) => r.a),
      col("النوع", "type", (r) => A.type[r.a]),
      col("الإشارات", "mentions", (r) => r.m, { num: true }),
      col("الوثائق", "documents", (r) => r.d, { num: true }),
    ]);
    tables.bySource = new Table("table-by-source", [
      col("المصدر", "source", (r) => D.sources[r.s]),
      actorCol("الفاعل", "actor", (r) => r.a),
      col("الإشارات", "mentions", (r) => r.m, { num: true }),
      col("الحصة", "share", (r) => r.share, { num: true, pct: true }),
    ]);
    tables.network = new Table("table-network", [
      actorCol("الفاعل الأول", "actor 1", (r) => r.a),
      actorCol("الفاعل الثاني", "actor 2", (r) => r.b),
      col("الورود المشترك", "weight", (r) => r.w, { num: true }),
    ]);
    const storyCols = D.events.story ? [col("القصة", "story", (r) => D.events.story[r.k] || "")] : [];
    tables.events = new Table("table-events", [
      ...storyCols,
      col("النوع", "event type", (r) => typeName(D.events.type[r.k])),
      actorCol("الفاعل 1", "actor 1", (r) => D.events.a1[r.k]),
      actorCol("الفاعل 2", "actor 2", (r) => D.events.a2[r.k]),
      col("المؤشر", "cue", (r) => D.event_rows[r.k][0]),
      col("التاريخ", "date", (r) => D.events.date[r.k] || "", { cls: "nowrap" }),
      col("الحالة", "status", (r) => (D.event_rows[r.k][1] ? "negated " : "") + (D.event_rows[r.k][2] ? "future" : ""), {
        cell: (r, td) => {
          if (D.event_rows[r.k][1]) td.append(el("span", { class: "flag negated" }, "منفي"));
          if (D.event_rows[r.k][2]) td.append(el("span", { class: "flag future" }, "مستقبلي"));
        } }),
      col("المصدر", "source", (r) => docSource(D.events.doc[r.k])),
      col("الجملة", "sentence", (r) => D.event_rows[r.k].slice(3).join(""), {
        cell: (r, td) => {
          const [, , , before, marked, after] = D.event_rows[r.k];
          td.className = "sentence";
          td.setAttribute("dir", "rtl");
          td.append(document.createTextNode(before));
          if (marked) td.append(el("mark", {}, marked));
          td.append(document.createTextNode(after));
        } }),
    ]);
    if (D.stories) {
      tables.stories = new Table("table-stories", [
        col("القصة", "story", (r) => r[0]),
        col("النوع", "event type", (r) => typeName(r[1])),
        actorCol("الفاعل 1", "actor 1", (r) => r[2]),
        actorCol("الفاعل 2", "actor 2", (r) => r[3]),
        col("من", "first date", (r) => r[4] || "", { cls: "nowrap" }),
        col("إلى", "last date", (r) => r[5] || "", { cls: "nowrap" }),
        col("المصادر", "sources", (r) => r[6], { num: true }),
        col("التقارير", "reports", (r) => r[7], { num: true }),
        col("أول تقرير", "first report", (r) => r[9] + " " + r[8]),
        col("المصادر", "outlets", (r) => r[10].join("، ")),
      ]);
    } else {
      document.getElementById("stories-block").hidden = true;
    }
    tables.dates = new Table("table-dates", [
      col("المصدر", "source", (r) => docSource(r[0])),
      col("تاريخ المقال", "article date", (r) => docDate(r[0]) || "", { cls: "nowrap" }),
      col("العبارة", "expression", (r) => r[1]),
      col("التاريخ المحسوب", "resolved", (r) => r[2], { cls: "nowrap" }),
      col("الدقة", "precision", (r) => r[3]),
      col("التقويم", "calendar", (r) => r[4]),
      col("نسبي", "relative", (r) => (r[5] ? "✓" : "")),
      col("القاعدة", "rule", (r) => r[6]),
    ]);
    tables.kwic = new Table("table-kwic", [
      actorCol("الفاعل", "actor", (r) => r[1]),
      col("قبل", "before", (r) => r[2], { cls: "before" }),
      col("الورود", "match", (r) => r[3], { cell: (r, td) => { td.className = "hit"; td.append(el("mark", { dir: "auto" }, r[3])); } }),
      col("بعد", "after", (r) => r[4], { cls: "after" }),
      col("المصدر", "source", (r) => docSource(r[0])),
      col("التاريخ", "date", (r) => docDate(r[0]) || "", { cls: "nowrap" }),
    ]);
    tables.sources = new Table("table-sources", [
      col("المصدر", "source", (r) => D.sources[r.s]),
      col("الوثائق", "documents", (r) => r.docs, { num: true }),
      col("الإشارات", "mentions", (r) => r.m, { num: true }),
      col("الفاعلون", "actors", (r) => r.actors, { num: true }),
      col("الأحداث", "events", (r) => r.events, { num: true }),
      col("الأكثر ذكرا", "most mentioned", (r) => r.leaders.map(name).join("، ")),
    ]);
    tables.rejected = new Table("table-rejected", [
      col("الملف", "file", (r) => r[0]),
      col("السطر", "line", (r) => r[1]),
      col("السبب", "reason", (r) => r[2]),
      col("بداية السجل", "record", (r) => r[3]),
    ]);
  }

  function render() {
    computeDocs();
    // Mentions under the filters, per actor and per (source, actor).
    const byActor = new Map(), docsOf = new Map(), bySourceActor = new Map(), bySource = new Map();
    const timeline = new Map();
    let mentions = 0;
    for (const [d, a, n] of D.mentions) {
      if (!docOk[d]) continue;
      mentions += n;
      sum(byActor, a, n);
      sum(docsOf, a, 1);
      const s = D.docs.source[d];
      sum(bySourceActor, s + "|" + a, n);
      sum(bySource, s, n);
      const key = bin(docDate(d));
      if (key) sum(timeline, a + "|" + key, n);
    }
    const events = [];
    for (let k = 0; k < D.events.doc.length; k++) if (eventOk(k)) events.push(k);
    const nDocs = docOk.filter(Boolean).length;
    document.getElementById("filter-status").textContent =
      `${fmt(nDocs)} وثيقة · documents, ${fmt(mentions)} إشارة · mentions, ${fmt(events.length)} حدثا · events`;

    // Top actors
    // Most mentioned first, ties by entity id (as sahel.report.figures.top_actors).
    const ranked = [...byActor.entries()].sort((x, y) => y[1] - x[1] || (A.id[x[0]] < A.id[y[0]] ? -1 : 1));
    tables.actors.set(ranked.map(([a, m], i) => ({ rank: i + 1, a, m, d: docsOf.get(a) })));
    if (ranked.length) {
      const shown = ranked.slice(0, 20).reverse();
      const kinds = [...new Set(shown.map(([a]) => A.type[a]))].sort();
      draw("chart-top-actors", kinds.map((kind) => {
        const mine = shown.filter(([a]) => A.type[a] === kind);
        return { type: "bar", orientation: "h", name: kind || "?", y: mine.map(([a]) => name(a)), x: mine.map(([, m]) => m),
          marker: { color: colourOfType(kind) }, text: mine.map(([, m]) => fmt(m)), textposition: "outside",
          hovertemplate: "%{y}: %{x} mentions (" + String(kind).replace(/%/g, "%%") + ")<extra></extra>" };
      }), { height: 160 + 24 * shown.length, margin: { l: 170, r: 40, t: 20, b: 40 }, barmode: "overlay",
        legend: { title: { text: "type" } }, xaxis: { title: "mentions" },
        yaxis: { automargin: true, categoryorder: "array", categoryarray: shown.map(([a]) => name(a)) } });
    } else empty("chart-top-actors");

    // Per source
    const leaders = ranked.slice(0, 10).map(([a]) => a);
    const sources = [...bySource.keys()].sort((x, y) => D.sources[x].localeCompare(D.sources[y]));
    const perSource = [];
    for (const [key, m] of bySourceActor) {
      const [s, a] = key.split("|").map(Number);
      perSource.push({ s, a, m, share: m / bySource.get(s) });
    }
    perSource.sort((x, y) => y.m - x.m);
    tables.bySource.set(perSource);
    if (sources.length && leaders.length) {
      draw("chart-by-source", sources.map((s, i) => ({ type: "bar", name: D.sources[s],
        x: leaders.map(name), y: leaders.map((a) => (bySourceActor.get(s + "|" + a) || 0) / bySource.get(s)),
        marker: { color: PALETTE[i % PALETTE.length] },
        hovertemplate: D.sources[s].replace(/%/g, "%%") + " · %{x}: %{y:.1%}<extra></extra>" })),
        { barmode: "group", height: 420, yaxis: { title: "share of the source's mentions", tickformat: ".0%" } });
      const heat = ranked.slice(0, 15).map(([a]) => a);
      draw("chart-source-shares", [{ type: "heatmap", x: sources.map((s) => D.sources[s]), y: heat.map(name),
        z: heat.map((a) => sources.map((s) => (bySourceActor.get(s + "|" + a) || 0) / bySource.get(s))),
        colorscale: "YlOrBr", reversescale: true, hovertemplate: "%{y} · %{x}: %{z:.1%}<extra></extra>",
        colorbar: { tickformat: ".0%" } }],
        { height: 160 + 26 * heat.length, margin: { l: 170, r: 30, t: 30, b: 60 }, yaxis: { autorange: "reversed" } });
    } else { empty("chart-by-source"); empty("chart-source-shares"); }
    const eventsBySource = new Map();
    for (const k of events) sum(eventsBySource, D.events.doc[k] === null ? -1 : D.docs.source[D.events.doc[k]], 1);
    const docsBySource = new Map();
    docOk.forEach((ok, d) => { if (ok) sum(docsBySource, D.docs.source[d], 1); });
    tables.sources.set([...docsBySource.keys()].map((s) => {
      const own = perSource.filter((r) => r.s === s);
      return { s, docs: docsBySource.get(s), m: bySource.get(s) || 0, actors: own.length,
        events: eventsBySource.get(s) || 0, leaders: own.slice(0, 3).map((r) => r.a) };
    }));

    // Network
    const pairWeight = new Map();
    for (const [d, a, b, w] of D.pairs) if (docOk[d]) sum(pairWeight, a + "|" + b, w);
    const edges = [...pairWeight.entries()].map(([key, w]) => { const [a, b] = key.split("|").map(Number); return { a, b, w }; })
      .sort((x, y) => y.w - x.w);
    tables.network.set(edges);
    const nodes = D.network.ids.map((a, i) => ({ a, x: D.network.x[i], y: D.network.y[i], m: byActor.get(a) || 0 }))
      .filter((n) => n.m > 0);
    const at = new Map(nodes.map((n) => [n.a, n]));
    const shownEdges = edges.filter((e) => at.has(e.a) && at.has(e.b)).slice(0, 80);
    if (shownEdges.length) {
      const heaviest = shownEdges[0].w, largest = Math.max(...nodes.map((n) => n.m));
      const linked = new Set(shownEdges.flatMap((e) => [e.a, e.b]));
      const drawn = nodes.filter((n) => linked.has(n.a));
      const labelled = new Set(drawn.slice().sort((x, y) => y.m - x.m).slice(0, 15).map((n) => n.a));
      const traces = shownEdges.map((e) => ({ type: "scatter", mode: "lines", hoverinfo: "skip", showlegend: false,
        x: [at.get(e.a).x, at.get(e.b).x], y: [at.get(e.a).y, at.get(e.b).y],
        line: { width: 0.6 + 7 * e.w / heaviest, color: "rgba(80,80,80,0.35)" } }));
      traces.push({ type: "scatter", mode: "markers+text", showlegend: false, x: drawn.map((n) => n.x), y: drawn.map((n) => n.y),
        text: drawn.map((n) => (labelled.has(n.a) ? name(n.a) : "")), textposition: "top center",
        hovertext: drawn.map((n) => `${name(n.a)} (${A.type[n.a]}): ${fmt(n.m)} mentions`), hoverinfo: "text",
        marker: { size: drawn.map((n) => 10 + 40 * Math.sqrt(n.m / largest)), color: drawn.map((n) => colourOfType(A.type[n.a])),
          opacity: 0.8, line: { color: "white", width: 1 } } });
      draw("chart-network", traces, { height: 640, xaxis: { visible: false }, yaxis: { visible: false } });
    } else empty("chart-network");

    // Timeline
    const topActors = ranked.slice(0, 8).map(([a]) => a);
    const keys = new Set();
    for (const key of timeline.keys()) keys.add(key.split("|")[1]);
    const axis = axisBins(keys);
    if (axis.length && topActors.length) {
      draw("chart-timeline-actors", topActors.map((a, i) => ({ type: "scatter", mode: "lines+markers", name: name(a),
        x: axis, y: axis.map((k) => timeline.get(a + "|" + k) || 0), line: { color: PALETTE[i % PALETTE.length] } })),
        { height: 400, title: { text: `mentions per ${D.resolution}` }, yaxis: { rangemode: "tozero" }, xaxis: { type: "date" } });
    } else empty("chart-timeline-actors");
    const current = events.filter((k) => !D.events.hist[k]);
    const byType = new Map(), typeTotals = new Map();
    for (const k of current) {
      const key = bin(eventDay(k));
      if (!key) continue;
      sum(byType, D.events.type[k] + "|" + key, 1);
      sum(typeTotals, D.events.type[k], 1);
    }
    const eventAxis = axisBins(new Set([...byType.keys()].map((k) => k.split("|")[1])));
    const topTypes = top(typeTotals, 8).map(([t]) => t);
    if (eventAxis.length) {
      draw("chart-timeline-events", topTypes.map((t, i) => ({ type: "bar", name: typeName(t), x: eventAxis,
        y: eventAxis.map((k) => byType.get(t + "|" + k) || 0), marker: { color: PALETTE[i % PALETTE.length] } })),
        { height: 380, barmode: "stack", title: { text: `events per ${D.resolution} by type` }, xaxis: { type: "date" } });
    } else empty("chart-timeline-events");
    const note = document.getElementById("resolution-note");
    note.textContent = `الدقة: ${D.resolution} · Resolution: one point per ${D.resolution} (day when the corpus spans at most ${note.dataset.day} days, week up to ${note.dataset.week} days, month beyond); events by their own date, historical ones left out.`;

    // Cooperation and conflict per pair of actors
    const pairs = new Map();
    for (const k of current) {
      const a = D.events.a1[k], b = D.events.a2[k];
      if (a === null || b === null || a === b) continue;
      const key = bin(eventDay(k));
      if (!key) continue;
      const id = a + ">" + b;
      if (!pairs.has(id)) pairs.set(id, []);
      pairs.get(id).push([key, D.types[D.events.type[k]][2]]);
    }
    // Most events first, ties by the ids of actor 1 then actor 2 (as sahel.report.figures.cooperation).
    const ids = (key) => key.split(">").map((a) => A.id[Number(a)]);
    const byIds = (x, y) => { const [a, b] = ids(x), [c, d] = ids(y); return a < c ? -1 : a > c ? 1 : b < d ? -1 : b > d ? 1 : 0; };
    const topPairs = [...pairs.entries()].sort((x, y) => y[1].length - x[1].length || byIds(x[0], y[0])).slice(0, 6);
    if (topPairs.length) {
      const allKeys = axisBins(new Set(topPairs.flatMap(([, list]) => list.map(([key]) => key))));
      const traces = [], annotations = [];
      topPairs.forEach(([id, list], i) => {
        const [a, b] = id.split(">").map(Number);
        const axisName = i === 0 ? "" : String(i + 1);
        for (const [quad] of D.quads) {
          const sign = quad.endsWith("conflict") ? -1 : 1;
          const counts = new Map();
          for (const [key, q] of list) if (q === quad) sum(counts, key, 1);
          traces.push({ type: "bar", name: quad, legendgroup: quad, showlegend: i === 0, x: allKeys,
            y: allKeys.map((k) => sign * (counts.get(k) || 0)), xaxis: "x" + axisName, yaxis: "y" + axisName,
            marker: { color: QUAD_COLOURS[quad] }, customdata: allKeys.map((k) => counts.get(k) || 0),
            hovertemplate: `${name(a)} → ${name(b)} · ${quad}: %{customdata} (%{x})<extra></extra>` });
        }
        annotations.push({ text: `${name(a)} → ${name(b)} (${list.length})`, xref: `x${axisName} domain`, yref: `y${axisName} domain`,
          x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", showarrow: false, font: { size: 13 } });
      });
      const layout = { barmode: "relative", height: 190 * topPairs.length + 80, annotations,
        grid: { rows: topPairs.length, columns: 1, pattern: "independent", ygap: 0.45 }, legend: { orientation: "h", y: -0.08 } };
      topPairs.forEach((_, i) => { const s = i === 0 ? "" : String(i + 1); layout["xaxis" + s] = { type: "date" }; layout["yaxis" + s] = { zeroline: true, zerolinewidth: 2 }; });
      draw("chart-cooperation", traces, layout);
    } else empty("chart-cooperation");

    renderMap(byActor, events);

    // Events and stories
    const detailed = events.filter((k) => k < D.event_rows.length);
    tables.events.set(detailed.map((k) => ({ k })));
    document.getElementById("events-note").textContent = D.events_total > D.event_rows.length
      ? `تُعرض جمل أول ${fmt(D.event_rows.length)} من ${fmt(D.events_total)} حدثا (الحديثة أولا) · Sentences of the first ${fmt(D.event_rows.length)} of ${fmt(D.events_total)} events (current before historical); the charts count all.`
      : `${fmt(D.events_total)} حدثا · events; الحديثة أولا، ثم التاريخية · current first, then historical.` +
        (D.stories ? "" : " لا جدول قصص · No stories table: reports are listed one by one.");
    if (tables.stories) {
      tables.stories.set(D.stories.filter((r) =>
        (F.type === null || r[1] === F.type) && (F.actor === null || r[2] === F.actor || r[3] === F.actor)
        && (F.source === null || r[10].includes(D.sources[F.source]))
        && (!F.from || (r[5] || r[4] || "") >= F.from) && (!F.to || (r[4] || "") <= F.to)));
    }

    // Dates
    const dateRows = D.dates.filter((r) => r[0] !== null && docOk[r[0]]);
    tables.dates.set(dateRows);
    document.getElementById("dates-note").textContent = D.dates_total > D.dates.length
      ? `أول ${fmt(D.dates.length)} من ${fmt(D.dates_total)} عبارة تاريخ · the first ${fmt(D.dates.length)} of ${fmt(D.dates_total)} date expressions.`
      : `${fmt(D.dates_total)} عبارة تاريخ · date expressions, each resolved against its article's date.`;
    const resolved = new Map();
    for (const r of dateRows) if (r[2] && r[2].length >= 7) sum(resolved, r[2].slice(0, 7), 1);
    if (resolved.size) {
      const months = [...resolved.keys()].sort();
      draw("chart-dates", [{ type: "bar", x: months.map((m) => m + "-01"), y: months.map((m) => resolved.get(m)), marker: { color: "#9a3412" },
        hovertemplate: "%{x|%Y-%m}: %{y}<extra></extra>" }],
        { height: 300, title: { text: "dates mentioned, by the month they denote" }, xaxis: { type: "date" } });
    } else empty("chart-dates");

    // KWIC
    tables.kwic.set(D.kwic.filter((r) => r[0] !== null && docOk[r[0]] && (F.actor === null || r[1] === F.actor)));

    // Rejected records: they have no source, date or actor, so the filters leave them be.
    tables.rejected.set(D.rejected);
    const reasons = new Map();
    for (const r of D.rejected) sum(reasons, r[2], 1);
    document.getElementById("rejected-note").textContent = D.rejected_total
      ? `${fmt(D.rejected_total)} سجلا مرفوضا · records rejected: ` + top(reasons, 10).map(([r, n]) => `${r} (${fmt(n)})`).join("; ")
      : "لم يُرفض أي سجل · No record was rejected: every record read became a document.";

    document.getElementById("filtered-summary").textContent =
      `مع التصفية الحالية · With the current filters: ${fmt(nDocs)} documents, ${fmt(mentions)} mentions of ${fmt(byActor.size)} actors, ${fmt(events.length)} events.`;
  }

  // ------------------------------------------------------------------ map
  // The places named in each event's sentence (a city is never an actor of an event).
  const placesOf = new Map();
  for (const [k, a] of D.events.places) {
    if (!placesOf.has(k)) placesOf.set(k, []);
    placesOf.get(k).push(a);
  }
  function renderMap(byActor, events) {
    // An actor's events: those it is actor 1 or 2 of; a place's: those reported in a sentence
    // that names it.
    const coop = new Map(), conflict = new Map();
    for (const k of events) {
      const quad = D.types[D.events.type[k]][2];
      const involved = new Set([D.events.a1[k], D.events.a2[k], ...(placesOf.get(k) || [])]);
      for (const a of involved) {
        if (a === null) continue;
        sum(quad.endsWith("conflict") ? conflict : coop, a, 1);
      }
    }
    const countryActor = new Map();
    A.id.forEach((id, a) => { if (A.type[a] === "country" || A.type[a] === "territory") countryActor.set(id, a); });
    const shapeCodes = new Set(D.geo.map((g) => g[0]));
    const counts = D.geo.map(([code]) => byActor.get(countryActor.get(code)) || 0);
    const most = Math.max(1, ...counts);
    const traces = D.geo.map(([code, country, xs, ys], i) => {
      const m = counts[i], shade = m ? 0.12 + 0.6 * Math.log1p(m) / Math.log1p(most) : 0;
      const a = countryActor.get(code);
      return { type: "scatter", mode: "lines", fill: "toself", x: xs, y: ys, hoveron: "fills", showlegend: false,
        name: a !== undefined ? name(a) : country, text: `${a !== undefined ? name(a) : country}: ${fmt(m)} mentions`,
        hoverinfo: "text", line: { color: "#94a3b8", width: 0.7 }, fillcolor: `rgba(30, 64, 175, ${shade.toFixed(3)})` };
    });
    const placed = [], outside = [];
    for (const [a, m] of byActor) {
      if (A.lat[a] === null || A.lat[a] === undefined) {
        if ((A.type[a] === "country" || A.type[a] === "territory") && !shapeCodes.has(A.id[a])) outside.push([a, m]);
        continue;
      }
      placed.push([a, m]);
    }
    placed.sort((x, y) => y[1] - x[1]);
    const largest = Math.max(1, ...placed.map(([, m]) => m));
    const bubble = (list, withEvents) => ({ type: "scatter", mode: "markers", showlegend: false, x: list.map(([a]) => A.lon[a]),
      y: list.map(([a]) => A.lat[a]), hoverinfo: "text", name: withEvents ? "with events" : "without events",
      customdata: list.map(([a, m]) => [A.id[a], m]),
      hovertext: list.map(([a, m]) => `${name(a)} (${A.type[a]}${A.exact[a] ? "" : ", at its country's centre"}): ${fmt(m)} mentions; `
        + `${fmt(coop.get(a) || 0)} cooperation, ${fmt(conflict.get(a) || 0)} conflict events`),
      marker: { size: list.map(([, m]) => 6 + 34 * Math.sqrt(m / largest)), opacity: 0.8, line: { color: "white", width: 1 },
        ...(withEvents ? { color: list.map(([a]) => (conflict.get(a) || 0) / ((coop.get(a) || 0) + (conflict.get(a) || 0))),
          cmin: 0, cmax: 1, colorscale: D.style.conflict_scale, showscale: true,
          colorbar: { title: { text: "conflict<br>share", side: "top" }, tickformat: ".0%", len: 0.5 } } : { color: "#9ca3af" }) } });
    const hasEvents = ([a]) => (coop.get(a) || 0) + (conflict.get(a) || 0) > 0;
    traces.push(bubble(placed.filter((p) => !hasEvents(p)), false), bubble(placed.filter(hasEvents), true));
    draw("chart-map", traces, { height: 640, margin: { l: 10, r: 10, t: 10, b: 10 }, plot_bgcolor: D.style.map_sea,
      xaxis: { range: D.style.map_range.lon, visible: false }, yaxis: { range: D.style.map_range.lat, visible: false, scaleanchor: "x" } });
    outside.sort((x, y) => y[1] - x[1]);
    document.getElementById("map-outside").textContent = outside.length
      ? "خارج الخريطة · Outside the map: " + outside.slice(0, 15).map(([a, m]) => `${name(a)} (${fmt(m)})`).join("، ")
      : "";
  }

  // ------------------------------------------------------------------ controls
  function options(select, items) {
    const first = select.options[0];
    select.replaceChildren(first);
    for (const [value, label] of items) select.append(el("option", { value: String(value) }, label));
  }
  function fillActors() {
    const select = document.getElementById("f-actor");
    const keep = select.value;
    const seen = new Set(D.mentions.map((r) => r[1]));
    D.events.a1.concat(D.events.a2).forEach((a) => { if (a !== null) seen.add(a); });
    options(select, [...seen].map((a) => [a, name(a)]).sort((x, y) => x[1].localeCompare(y[1], LANG)));
    select.value = keep;
  }
  function setup() {
    options(document.getElementById("f-source"), D.sources.map((s, i) => [i, s]));
    const present = new Set(D.events.type);
    options(document.getElementById("f-type"), D.types.map((t, i) => [i, `${t[0]} (${t[1]})`]).filter(([i]) => present.has(i)));
    fillActors();
    const dates = D.docs.date.filter(Boolean).sort();
    for (const id of ["f-from", "f-to"]) {
      if (dates.length) { document.getElementById(id).min = dates[0]; document.getElementById(id).max = dates[dates.length - 1]; }
    }
    const read = (id) => document.getElementById(id).value;
    const update = () => {
      F.source = read("f-source") === "" ? null : Number(read("f-source"));
      F.actor = read("f-actor") === "" ? null : Number(read("f-actor"));
      F.type = read("f-type") === "" ? null : Number(read("f-type"));
      F.from = read("f-from");
      F.to = read("f-to");
      render();
    };
    for (const id of ["f-source", "f-actor", "f-type", "f-from", "f-to"]) document.getElementById(id).addEventListener("change", update);
    document.getElementById("f-reset").addEventListener("click", () => {
      for (const id of ["f-source", "f-actor", "f-type", "f-from", "f-to"]) document.getElementById(id).value = "";
      update();
    });
    const button = document.getElementById("lang");
    button.addEventListener("click", () => {
      LANG = LANG === "en" ? "ar" : "en";
      button.setAttribute("aria-pressed", String(LANG === "ar"));
      button.textContent = LANG === "ar" ? "الأسماء بالإنجليزية · English names" : "الأسماء بالعربية · Arabic names";
      document.documentElement.dataset.names = LANG;
      fillActors();
      render();
    });
  }

  build();
  setup();
  render();
  document.documentElement.dataset.ready = "1";
})();
