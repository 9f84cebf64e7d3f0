/* Filters of the gaps table (collective_impact.htmlreport). The controls are in the page but
   hidden; this script shows them, so without scripts every gap stays listed and no dead control
   is shown. No less-than sign and no ampersand in this file: the page stays well-formed XML. */
/* Printing: every closed details element is opened for the print and closed again after it
   (a closed one printed its summary alone). The stylesheet prints their content already where
   the browser styles ::details-content; this is for the others. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (details) {
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
(function () {
  "use strict";
  var box = document.getElementById("gap-filters");
  var condition = document.getElementById("filter-condition");
  var severity = document.getElementById("filter-severity");
  var reset = document.getElementById("filter-reset");
  var status = document.getElementById("filter-status");
  var table = document.getElementById("gap-table");
  if (!box || !condition || !severity || !reset || !status || !table) {
    return;
  }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-severity]"));
  function keep(row) {
    if (condition.value !== "" ? row.getAttribute("data-condition") !== condition.value : false) {
      return false;
    }
    return severity.value === "" ? true : row.getAttribute("data-severity") === severity.value;
  }
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = keep(row);
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    var total = table.getAttribute("data-total");
    var more = total !== null ? total !== String(rows.length) : false;
    // one row listed: "Showing 1 of 1 gap."
    status.textContent =
      "Showing " + shown + " of " + rows.length + (rows.length === 1 ? " gap" : " gaps") +
      (more ? " listed (" + total + " in all)." : ".");
  }
  condition.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  reset.addEventListener("click", function () {
    condition.value = "";
    severity.value = "";
    apply();
  });
  box.hidden = false;
  apply();
})();
