/* A site opened from a folder (file://, e.g. an unzipped `opsreport export`): Material's search
   runs in a web worker, which browsers do not start for file:// pages, so the search box is
   hidden and a one-line note stands in its place (text: the page's
   <meta name="opsreport-search-from-folder">, from mkdocs.yml's extra). Elsewhere: nothing. */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;
  document.documentElement.classList.add("ops-file");

  function note() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".ops-search-note")) return;
    var meta = document.querySelector('meta[name="opsreport-search-from-folder"]');
    var text = meta ? meta.getAttribute("content") : "";
    if (!text) return;
    var el = document.createElement("div");
    el.className = "ops-search-note";
    el.setAttribute("role", "note");
    el.textContent = text;
    el.title = text;
    var search = header.querySelector(".md-search");
    header.insertBefore(el, search || null);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", note);
  } else {
    note();
  }
})();
