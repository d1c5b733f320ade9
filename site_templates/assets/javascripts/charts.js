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
          return vegaEmbed(target, JSON.parse(text), { actions: false, renderer: "svg" });
        })
        .then(function () { el.setAttribute("data-drawn", "yes"); })
        .catch(function (err) {
          el.setAttribute("data-drawn", "failed");
          target.textContent = "Chart could not be drawn: " + err;
          console.error(err);
        });
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(draw);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
