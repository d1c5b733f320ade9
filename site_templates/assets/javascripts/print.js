/* Printed, a page shows everything: every folded <details> block (the to-do's 「其余 N 条」,
   a weekly or monthly section's tables and charts, render/fold.py) opens before printing (its
   charts are drawn; charts.js draws them again to fit) and closes again after. print.css does
   the same with ::details-content where the browser has it; this covers the others. */
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
