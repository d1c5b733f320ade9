/* The keyword library's table: search, filter by status and source, sort, page through.
   Data: the page's library.js (generator/keyword_pages.py, library_script), a script that sets
   window.opsKeywordLibrary, loaded by a <script> tag (fetch does not work on a page opened
   from a folder, file://) once and kept for the other library pages. Every text from the data
   is put in with textContent. Material's instant navigation swaps pages without a reload:
   document$ fires on each; from a folder it never fires, so the page's own load counts too. */
(function () {
  "use strict";
  var cache = {};
  var GLOBAL = "opsKeywordLibrary"; /* keyword_pages.DATA_GLOBAL */
  var DAY = 86400000;
  var NUMERIC = { int: 1, num1: 1, num2: 1, pct: 1, rank: 1, date: 1 };

  /* a column of the library's data as a plain array of n values (null when missing) */
  function expand(col, n) {
    var out, i, k, v;
    if (Array.isArray(col)) return col;
    if (col.runs) {
      out = new Array(n);
      k = 0;
      for (i = 0; i < col.runs.length; i += 2) {
        for (var j = 0; j < col.runs[i + 1]; j++) out[k++] = col.runs[i];
      }
      return out;
    }
    out = new Array(n);
    v = col.d === undefined ? null : col.d;
    for (i = 0; i < n; i++) out[i] = v;
    k = -1;
    for (i = 0; i < col.at.length; i++) {
      k += col.at[i];
      out[k] = col.v[i];
    }
    return out;
  }

  function prepare(raw) {
    var n = raw.n, cols = {}, f;
    for (var i = 0; i < raw.fields.length; i++) {
      f = raw.fields[i];
      cols[f] = expand(raw.cols[f], n);
    }
    var hay = new Array(n);
    for (var r = 0; r < n; r++) {
      hay[r] = (cols.keyword[r] + "\n" + (cols.variants[r] || "") + "\n" + (cols.original[r] || "")).toLowerCase();
    }
    var parts = raw.as_of.split("-");
    return {
      n: n, cols: cols, hay: hay, meta: raw,
      asOf: Date.UTC(+parts[0], +parts[1] - 1, +parts[2]),
      statusIx: index(raw.statuses), sourceIx: index(raw.sources)
    };
  }

  function index(pairs) {
    var out = {};
    for (var i = 0; i < pairs.length; i++) out[pairs[i][0]] = i;
    return out;
  }

  function load(url) {
    if (!cache[url]) {
      cache[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          var raw = window[GLOBAL];
          try { delete window[GLOBAL]; } catch (e) { window[GLOBAL] = undefined; }
          script.remove();
          if (raw && raw.cols) resolve(prepare(raw));
          else reject(new Error(url + " did not set window." + GLOBAL));
        };
        script.onerror = function () {
          script.remove();
          reject(new Error("could not load " + url));
        };
        document.head.appendChild(script);
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function fmtNumber(v, digits, lang) {
    return v.toLocaleString(lang === "zh" ? "zh-CN" : "en-US", {
      minimumFractionDigits: digits, maximumFractionDigits: digits
    });
  }

  function dateOf(data, days) {
    return new Date(data.asOf - days * DAY).toISOString().slice(0, 10);
  }

  /* the text of one cell */
  function cellText(data, fmt, name, r, lang) {
    var c = data.cols, v = c[name] ? c[name][r] : null, m = data.meta;
    switch (fmt) {
      case "keyword": return c.keyword[r];
      case "status": return m.statuses[c.status[r]][1];
      case "action": return m.actions[c.action[r]][1];
      case "language": return m.languages[c.language[r]][0];
      case "sources":
        var out = [];
        for (var i = 0; i < m.sources.length; i++) if (c.sources[r] & (1 << i)) out.push(m.sources[i][1]);
        return out.join(lang === "zh" ? "、" : ", ");
    }
    if (v === null || v === undefined) return "—";
    switch (fmt) {
      case "int": return fmtNumber(v, 0, lang);
      case "num1": return fmtNumber(v, v >= 100 ? 0 : 1, lang);
      case "num2": return fmtNumber(v, 2, lang);
      case "pct": return (v > 0 ? "+" : v < 0 ? "−" : "±") + Math.abs(v) + "%";
      case "rank": return Math.floor(v / 1000) + "-" + (v % 1000);
      case "date": return dateOf(data, v);
    }
    return String(v);
  }

  /* the sort key of a column: numbers for numeric columns, lower-case text otherwise */
  function sortValues(data, name, fmt) {
    var c = data.cols, m = data.meta, n = data.n, out = new Array(n), r;
    if (fmt === "status") { for (r = 0; r < n; r++) out[r] = c.status[r]; return out; }
    if (fmt === "action") { for (r = 0; r < n; r++) out[r] = c.action[r]; return out; }
    if (fmt === "language") { for (r = 0; r < n; r++) out[r] = m.languages[c.language[r]][0]; return out; }
    if (fmt === "sources") { for (r = 0; r < n; r++) out[r] = cellText(data, fmt, name, r, "en").toLowerCase(); return out; }
    if (fmt === "date") { for (r = 0; r < n; r++) out[r] = c[name][r] === null ? null : -c[name][r]; return out; }
    if (NUMERIC[fmt]) return c[name];
    for (r = 0; r < n; r++) out[r] = String(c[name][r]).toLowerCase();
    return out;
  }

  function setup(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "loading");
    var url = new URL(root.getAttribute("data-src"), window.location.href).href;
    var lang = root.getAttribute("data-lang") || "zh";
    var pageSize = parseInt(root.getAttribute("data-page-size"), 10) || 100;
    var q = root.querySelector(".kw-q");
    var statusSel = root.querySelector(".kw-status");
    var sourceSel = root.querySelector(".kw-source");
    var count = root.querySelector(".kw-count");
    var tbody = root.querySelector("tbody");
    var heads = Array.prototype.slice.call(root.querySelectorAll("th[data-col]"));
    var prev = root.querySelector(".kw-prev");
    var next = root.querySelector(".kw-next");
    var pageLabel = root.querySelector(".kw-page");
    var msg = function (k) { return root.getAttribute("data-msg-" + k) || ""; };
    var state = { sort: null, fmt: null, dir: 1, page: 0 };
    var data = null, view = [], timer = null;

    var hash = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    if (hash.get("q")) q.value = hash.get("q");
    if (hash.get("status")) statusSel.value = hash.get("status");
    if (hash.get("source")) sourceSel.value = hash.get("source");

    function apply() {
      var text = q.value.trim().toLowerCase();
      var st = statusSel.value === "" ? -1 : data.statusIx[statusSel.value];
      var bit = sourceSel.value === "" ? 0 : 1 << data.sourceIx[sourceSel.value];
      var c = data.cols, out = [];
      for (var r = 0; r < data.n; r++) {
        if (st >= 0 && c.status[r] !== st) continue;
        if (bit && !(c.sources[r] & bit)) continue;
        if (text && data.hay[r].indexOf(text) < 0) continue;
        out.push(r);
      }
      if (state.sort) {
        var keys = sortValues(data, state.sort, state.fmt), dir = state.dir;
        var coll = new Intl.Collator(lang === "zh" ? "zh-CN" : "en");
        out.sort(function (a, b) {
          var x = keys[a], y = keys[b];
          if (x === null || x === undefined) return (y === null || y === undefined) ? a - b : 1;
          if (y === null || y === undefined) return -1;
          var d = typeof x === "number" ? x - y : coll.compare(x, y);
          return d ? d * dir : a - b;
        });
      }
      view = out;
      state.page = 0;
      draw();
    }

    function draw() {
      var pages = Math.max(1, Math.ceil(view.length / pageSize));
      if (state.page >= pages) state.page = pages - 1;
      var start = state.page * pageSize, stop = Math.min(view.length, start + pageSize);
      var frag = document.createDocumentFragment();
      var c = data.cols, meta = data.meta;
      for (var k = start; k < stop; k++) {
        var r = view[k], tr = document.createElement("tr");
        tr.className = "kw-s-" + meta.statuses[c.status[r]][0];
        for (var h = 0; h < heads.length; h++) {
          var name = heads[h].getAttribute("data-col"), fmt = heads[h].getAttribute("data-fmt");
          var td = document.createElement("td");
          td.className = (NUMERIC[fmt] && fmt !== "date" ? "num" : "txt") + " kw-c-" + name;
          td.textContent = cellText(data, fmt, name, r, lang);
          if (fmt === "keyword") {
            var extra = [];
            if (c.variants[r]) extra.push(c.variants[r].split("\n").join(" | "));
            if (c.original[r]) extra.push((c.translated[r] ? msg("translated") : msg("original")) + ": " + c.original[r]);
            if (extra.length) {
              var small = document.createElement("small");
              small.className = "kw-variants";
              small.textContent = extra.join(" · ");
              td.appendChild(document.createElement("br"));
              td.appendChild(small);
            }
          }
          tr.appendChild(td);
        }
        frag.appendChild(tr);
      }
      tbody.textContent = "";
      if (!view.length) {
        var empty = document.createElement("tr"), cell = document.createElement("td");
        cell.colSpan = heads.length;
        cell.className = "kw-empty";
        cell.textContent = msg("none");
        empty.appendChild(cell);
        frag.appendChild(empty);
      }
      tbody.appendChild(frag);
      count.textContent = msg("shown").replace("{shown}", view.length.toLocaleString()).replace("{total}", data.n.toLocaleString());
      pageLabel.textContent = msg("page").replace("{page}", String(state.page + 1)).replace("{pages}", String(pages));
      prev.disabled = state.page <= 0;
      next.disabled = state.page >= pages - 1;
      root.setAttribute("data-rows", String(view.length));
    }

    function sortBy(th) {
      var name = th.getAttribute("data-col");
      if (state.sort === name) {
        state.dir = -state.dir;
      } else {
        state.sort = name;
        state.fmt = th.getAttribute("data-fmt");
        /* numbers and dates: largest or newest first; ranks and texts: ascending */
        state.dir = NUMERIC[state.fmt] && state.fmt !== "rank" ? -1 : 1;
      }
      heads.forEach(function (h) {
        h.setAttribute("aria-sort", h === th ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
      apply();
    }

    load(url).then(function (got) {
      data = got;
      q.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(apply, 60);
      });
      statusSel.addEventListener("change", apply);
      sourceSel.addEventListener("change", apply);
      prev.addEventListener("click", function () { state.page--; draw(); });
      next.addEventListener("click", function () { state.page++; draw(); });
      heads.forEach(function (th) {
        th.addEventListener("click", function () { sortBy(th); });
        th.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sortBy(th); }
        });
      });
      apply();
      root.setAttribute("data-ready", "yes");
    }).catch(function (err) {
      root.setAttribute("data-ready", "failed");
      count.textContent = msg("failed");
      if (window.console) console.error(err);
    });
  }

  function init() {
    document.querySelectorAll(".kw-app").forEach(setup);
  }
  if (typeof document$ !== "undefined") document$.subscribe(init);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
