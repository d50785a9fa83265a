/* Hiring wiki: filters the comparison matrix of a role page by stage and status, and marks tables that
   scroll sideways.
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
      if (wrap) markScrollable(wrap);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  /* A table wider than its column scrolls sideways: say so (shadows at the cut edge and a line of text
     under it) and let the keyboard scroll it, instead of cutting columns off without a cue. */
  var HINT = "Wider than the page: scroll sideways to see every column.";

  function markScrollable(wrap) {
    var scrollable = wrap.scrollWidth > wrap.clientWidth + 1;
    var hint = wrap.nextElementSibling && wrap.nextElementSibling.classList.contains("hkb-scroll-hint")
      ? wrap.nextElementSibling : null;
    if (scrollable) {
      wrap.setAttribute("data-scrollable", "");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", HINT);
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "hkb-scroll-hint";
        hint.textContent = HINT;
        wrap.parentNode.insertBefore(hint, wrap.nextSibling);
      }
      hint.hidden = false;
    } else {
      wrap.removeAttribute("data-scrollable");
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      if (hint) hint.hidden = true;
    }
  }

  function markAllScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".hkb-table-wrap"), markScrollable);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    if (resizeTimer) window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markAllScrollable, 100);
  });

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form.hkb-filter[data-filter-for]"), setUp);
    markAllScrollable();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
