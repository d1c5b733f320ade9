/* Sort a report table by clicking (or pressing Enter / Space on) a column's header.
   Offline, no library. Number columns (th.num) sort by each cell's raw value in data-v, written
   by generator/render/markup.py html_table (not by the text, which has separators, % and 万);
   the first click puts the largest first. Text columns sort in Chinese order (pinyin), A→Z
   first (or the other way round when the table is already in that order). Empty cells (no
   data-v, 「—」) stay last either way. The page's own order comes back with a reload. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh", { numeric: true, sensitivity: "base" });

  function numberOf(cell) {
    var raw = cell && cell.getAttribute("data-v");
    if (raw === null || raw === undefined || raw === "") return null;
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function textOf(cell) {
    var t = cell ? cell.textContent.trim() : "";
    return t === "" || t === "—" ? null : t;
  }

  function sortBy(table, th, index) {
    var numeric = th.classList.contains("num");
    var current = th.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      var cell = row.cells[index];
      return { row: row, i: i, key: numeric ? numberOf(cell) : textOf(cell) };
    });
    function order(desc) {
      return rows.slice().sort(function (a, b) {
        if (a.key === null || b.key === null) {
          if (a.key === b.key) return a.i - b.i;
          return a.key === null ? 1 : -1; // empty cells last, either direction
        }
        var c = numeric ? a.key - b.key : collator.compare(a.key, b.key);
        if (desc) c = -c;
        return c !== 0 ? c : a.i - b.i;
      });
    }
    var sorted = order(descending);
    // a first click on the column the page is already sorted by turns it round
    if (!current && sorted.every(function (r, i) { return r.i === i; })) {
      descending = !descending;
      sorted = order(descending);
    }
    rows = sorted;
    rows.forEach(function (r) {
      body.appendChild(r.row);
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function enhance(table) {
    if (table.getAttribute("data-sortable") === "yes") return;
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
    table.setAttribute("data-sortable", "yes");
    Array.prototype.forEach.call(head.cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ops-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, th, index);
      });
    });
  }

  function init() {
    document.querySelectorAll(".ops-table table").forEach(enhance);
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", init);
  else init();
})();
