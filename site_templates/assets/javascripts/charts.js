/* Draw every chart on the page with the vendored Vega bundle (vega.min.js).
   Material's instant navigation swaps pages without a reload: document$ fires on each. A page
   opened from a folder (file://) has no instant navigation and document$ never fires there:
   the charts are drawn on the page's own load as well (a drawn chart is not drawn again). */
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
  function draw() {
    var blocks = document.querySelectorAll(".ops-chart");
    blocks.forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var text = specText(el);
      if (!text || typeof vegaEmbed === "undefined") return;
      el.setAttribute("data-drawn", "pending");
      var target = document.createElement("div");
      target.className = "ops-chart-view";
      el.appendChild(target);
      Promise.resolve()
        .then(function () {
          return vegaEmbed(target, JSON.parse(text), embedOptions());
        })
        .then(function () {
          el.setAttribute("data-drawn", "yes");
          el.setAttribute("data-scheme", dark() ? "slate" : "default");
        })
        .catch(function (err) {
          el.setAttribute("data-drawn", "failed");
          target.textContent = "Chart could not be drawn: " + err;
          console.error(err);
        });
    });
  }
  /* The reader switched light / dark: every chart drawn in the other scheme is drawn again. */
  function redrawForScheme() {
    var scheme = dark() ? "slate" : "default";
    document.querySelectorAll('.ops-chart[data-drawn="yes"]').forEach(function (el) {
      if (el.getAttribute("data-scheme") === scheme) return;
      el.querySelectorAll(".ops-chart-view").forEach(function (v) { v.remove(); });
      el.removeAttribute("data-drawn");
    });
    draw();
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
