/* Hiring wiki: filters the comparison matrix of a role page by stage and status.
   No dependencies. Without JavaScript the filter form stays hidden and every row is shown. Runs on every
   page load, including Material's instant navigation (document$) when that feature is turned on. */
(function () {
  "use strict";

  function setUp(form) {
    if (form.getAttribute("data-ready")) return;
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table || !table.tBodies.length) return;
    form.setAttribute("data-ready", "1");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".hkb-filter__count");
    var wrap = table.closest(".hkb-table-wrap");
    var empty = wrap && wrap.nextElementSibling && wrap.nextElementSibling.classList.contains("hkb-filter__empty")
      ? wrap.nextElementSibling : null;

    function apply() {
      var stage = form.elements.stage.value;
      var status = form.elements.status.value;
      var shown = 0;
      rows.forEach(function (row) {
        var match = (!stage || row.getAttribute("data-stage") === stage) &&
          (!status || row.getAttribute("data-status") === status);
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = "Showing " + shown + " of " + rows.length + " candidates";
      if (empty) empty.hidden = shown !== 0;
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.hkb-filter[data-filter-for]"), setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
