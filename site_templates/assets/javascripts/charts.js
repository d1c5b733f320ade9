/* Draw every chart on the page with the vendored Vega bundle (vega.min.js).
   Material's instant navigation swaps pages without a reload: document$ fires on each. */
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
  if (typeof document$ !== "undefined") {
    document$.subscribe(draw);
  } else {
    document.addEventListener("DOMContentLoaded", draw);
  }
})();
