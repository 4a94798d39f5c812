// ofsted-kg site: sortable tables, a region filter, name search, and "copy citation".
// Everything works without it; nothing is fetched from elsewhere.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  var NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

  function compare(a, b) {
    if (NUMBER.test(a) && NUMBER.test(b)) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b);
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th button[data-sort]").forEach(function (button) {
      button.addEventListener("click", function () {
        var th = button.parentNode, index = parseInt(button.getAttribute("data-sort"), 10);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // The councils table: by region, and (by default) only the councils inspected.
  var region = document.getElementById("region-filter");
  var inspected = document.getElementById("inspected-only");
  var councils = document.getElementById("councils");
  function applyFilters() {
    Array.prototype.forEach.call(councils.tBodies[0].rows, function (row) {
      row.hidden = (region.value !== "" && row.getAttribute("data-region") !== region.value) ||
        (inspected.checked && row.getAttribute("data-inspected") !== "1");
    });
  }
  if (councils && region && inspected) {
    region.addEventListener("change", applyFilters);
    inspected.addEventListener("change", applyFilters);
    applyFilters();
  }

  var input = document.getElementById("search"), list = document.getElementById("search-results");
  var root = document.body.getAttribute("data-root") || "";
  if (input && list && window.OFSTED_SEARCH) {
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim();
      list.textContent = "";
      if (words.length < 2) { list.hidden = true; return; }
      var found = window.OFSTED_SEARCH.filter(function (item) {
        return item.n.toLowerCase().indexOf(words) !== -1;
      }).slice(0, 12);
      found.forEach(function (item) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = root + item.u;
        a.textContent = item.n;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + item.k + ")"));
        list.appendChild(li);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.textContent = "No council or inspector of that name";
        list.appendChild(none);
      }
      list.hidden = false;
    });
  }

  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
        }, function () {
          button.textContent = "Select the text above to copy it";
        });
      } else {
        button.textContent = "Select the text above to copy it";
      }
    });
  });
}());
