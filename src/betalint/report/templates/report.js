/* betalint report: optional filtering of the per-page section. Without JavaScript the
   form stays hidden and every page is shown. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form) return;
  var pages = Array.prototype.slice.call(document.querySelectorAll("section.page"));
  var text = document.getElementById("filter-text");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][value]"));
  var onlyNew = document.getElementById("filter-new");
  var status = document.getElementById("filter-status");
  var zeroIsOne = status.getAttribute("data-zero-is-one") === "yes";  /* French: 0 and 1 */
  var timer = null;

  function apply() {
    var query = text.value.trim().toLowerCase();
    var wanted = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var shown = 0;
    pages.forEach(function (page) {
      var sevs = page.getAttribute("data-severities").split(" ");
      var visible = page.getAttribute("data-search").indexOf(query) !== -1 &&
        sevs.some(function (s) { return s && wanted.indexOf(s) !== -1; }) &&
        (!onlyNew || !onlyNew.checked || page.hasAttribute("data-new"));
      page.hidden = !visible;
      if (visible) {
        shown += 1;
        page.querySelectorAll(".group").forEach(function (group) {
          /* a row says its severity only when it differs from its group's */
          var own = group.getAttribute("data-severity");
          var rows = group.querySelectorAll("tbody tr");
          var left = 0;
          rows.forEach(function (row) {
            var sev = row.getAttribute("data-severity") || own;
            row.hidden = wanted.indexOf(sev) === -1 ||
              (onlyNew && onlyNew.checked && !row.classList.contains("is-new"));
            if (!row.hidden) left += 1;
          });
          group.hidden = left === 0;
        });
      }
    });
    var one = shown === 1 || (zeroIsOne && shown === 0);
    status.textContent = status.getAttribute(one ? "data-one" : "data-other")
      .replace("{shown}", shown).replace("{total}", pages.length);
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  form.addEventListener("change", apply);
})();
