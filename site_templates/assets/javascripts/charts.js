/* Draw every chart on the page with the vendored Vega bundle (vega.min.js).
   Material's instant navigation swaps pages without a reload: document$ fires on each. A page
   opened from a folder (file://) has no instant navigation and document$ never fires there:
   the charts are drawn on the page's own load as well (a drawn chart is not drawn again).
   A chart inside a closed <details> block (a weekly or monthly section's folded details,
   render/fold.py) has no width of its own to fit: it is drawn at the block's width, so that it
   is there for print, and drawn again to fit when the block opens (the `toggle` event). */
(function () {
  /* The Vega-Lite spec (JSON text) of a chart block: its data-spec attribute, else its
     <script type="application/json">. Material's instant navigation re-creates the inline
     scripts of the new page without their attributes (the type is lost), so any script. */
  function specText(el) {
    var attr = el.getAttribute("data-spec");
    if (attr) return attr;
    var source = el.querySelector("script");
    return source ? source.textContent : null;
  }
  /* The spec to draw: "container" width becomes a width in pixels inside a closed block. */
  function specFor(el, text) {
    var spec = JSON.parse(text);
    var closed = el.closest("details:not([open])");
    if (closed && spec.width === "container") {
      spec.width = Math.max(240, (closed.clientWidth || 640) - 140);
      el.setAttribute("data-fixed", "yes");
    } else {
      el.removeAttribute("data-fixed");
    }
    return spec;
  }
  /* Dark mode (Material's palette toggle sets data-md-color-scheme="slate" on the body): the
     chart on the page's background, with light text and grid lines; redrawn on each toggle. */
  var DARK = {
    background: "transparent",
    title: { color: "#e6edf3", subtitleColor: "#c9d1d9" },
    axis: {
      domainColor: "#8b949e", tickColor: "#8b949e", gridColor: "#3b4252",
      labelColor: "#c9d1d9", titleColor: "#e6edf3"
    },
    legend: { labelColor: "#c9d1d9", titleColor: "#e6edf3" },
    header: { labelColor: "#c9d1d9", titleColor: "#e6edf3" },
    view: { stroke: "#3b4252" },
    text: { color: "#c9d1d9" }
  };
  function dark() {
    return document.body && document.body.getAttribute("data-md-color-scheme") === "slate";
  }
  function embedOptions() {
    var options = { actions: false, renderer: "svg" };
    if (dark()) {
      options.config = DARK;
      options.tooltip = { theme: "dark" };
    }
    return options;
  }
  function embed(el, text) {
    el.setAttribute("data-drawn", "pending");
    var target = document.createElement("div");
    target.className = "ops-chart-view";
    el.appendChild(target);
    Promise.resolve()
      .then(function () {
        return vegaEmbed(target, specFor(el, text), embedOptions());
      })
      .then(function (result) {
        /* the chart drawn before (at a closed block's width) goes once this one is there */
        var old = el._opsChart;
        el._opsChart = { view: result, target: target };
        if (old) {
          if (old.view && old.view.finalize) old.view.finalize();
          old.target.remove();
        }
        el.setAttribute("data-drawn", "yes");
        el.setAttribute("data-scheme", dark() ? "slate" : "default");
      })
      .catch(function (err) {
        el.setAttribute("data-drawn", "failed");
        target.textContent = "Chart could not be drawn: " + err;
        console.error(err);
      });
  }
  function draw() {
    if (typeof vegaEmbed === "undefined") return;
    document.querySelectorAll(".ops-chart").forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var text = specText(el);
      if (text) embed(el, text);
    });
  }
  /* A block opened: its charts drawn at a fixed width are drawn again to fit the page. */
  function opened(event) {
    var block = event.target;
    if (!block || block.tagName !== "DETAILS" || !block.open) return;
    if (typeof vegaEmbed === "undefined") return;
    block.querySelectorAll(".ops-chart[data-fixed]").forEach(function (el) {
      if (el.closest("details:not([open])")) return; // still inside another closed block
      var text = specText(el);
      if (text && el.getAttribute("data-drawn") === "yes") embed(el, text);
    });
  }
  document.addEventListener("toggle", opened, true); // toggle does not bubble: capture it
  /* The reader switched light / dark: every chart drawn in the other scheme is drawn again. */
  function redrawForScheme() {
    var scheme = dark() ? "slate" : "default";
    document.querySelectorAll('.ops-chart[data-drawn="yes"]').forEach(function (el) {
      if (el.getAttribute("data-scheme") === scheme) return;
      var text = specText(el);
      if (text) embed(el, text); // drawn again; the old view goes once the new one is there
    });
  }
  function watchScheme() {
    if (!document.body || typeof MutationObserver === "undefined") return;
    new MutationObserver(redrawForScheme).observe(document.body, {
      attributes: true, attributeFilter: ["data-md-color-scheme"]
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(draw);
  if (document.body) watchScheme();
  else document.addEventListener("DOMContentLoaded", watchScheme);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
