/* Folded blocks: a long to-do list's 「其余 N 条」 and a weekly or monthly section's details
   (tables and charts, render/fold.py). Printed, the page shows everything: each folded block
   opens before printing (its charts are drawn; charts.js draws them again to fit) and closes
   again after. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });
})();
