/* The search index is fetched when the reader reaches for search, not with every first page.
   Material's theme requests search/search_index.json (XMLHttpRequest) as soon as a page opens
   over http; the index holds every page's searchable text and grows with the history, so it
   would be most of a first visit's bytes. This script, loaded in <head> before the theme's
   bundle, holds that one request back until the reader moves to, clicks, taps or focuses the
   search box (or uses the theme's keys f, s, /, which focus it), or the address carries a
   search (?q=). The request is then sent as it was made; the theme's search works as before,
   and the index, once fetched, is kept across pages (instant navigation) and by the cache.
   Nothing else is changed; a site opened from a folder (file://) has no search (file-mode.js). */
(function () {
  "use strict";
  var XHR = window.XMLHttpRequest;
  if (!XHR || window.location.protocol === "file:") return;
  var INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;
  var wanted = /[?&]q=/.test(window.location.search);
  var held = [];
  var open = XHR.prototype.open;
  var send = XHR.prototype.send;

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) {
      go();
    });
  }

  XHR.prototype.open = function (method, url) {
    this.__opsIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XHR.prototype.send = function () {
    if (!this.__opsIndex || wanted) return send.apply(this, arguments);
    var xhr = this;
    var args = arguments;
    held.push(function () {
      send.apply(xhr, args);
    });
  };

  function inSearch(event) {
    var el = event.target;
    return !!(el && el.closest && el.closest(".md-search, label[for='__search']"));
  }
  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(
      type,
      function (event) {
        if (inSearch(event)) want();
      },
      { capture: true, passive: true }
    );
  });
  document.addEventListener(
    "change",
    function (event) {
      if (event.target && event.target.id === "__search" && event.target.checked) want();
    },
    true
  );
})();
