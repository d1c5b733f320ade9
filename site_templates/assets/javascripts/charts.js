/* Draw every chart on the page with the vendored Vega bundle (vega.min.js).
   Material's instant navigation swaps pages without a reload: document$ fires on each. */
(function () {
  function draw() {
    var blocks = document.querySelectorAll(".ops-chart");
    blocks.forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var source = el.querySelector("script[type='application/json']");
      if (!source || typeof vegaEmbed === "undefined") return;
      el.setAttribute("data-drawn", "pending");
      var target = document.createElement("div");
      target.className = "ops-chart-view";
      el.appendChild(target);
      vegaEmbed(target, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
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
