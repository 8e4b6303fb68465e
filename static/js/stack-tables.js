// Phones: every cell of a .portal-stack table is labelled with its column's header (data-label),
// which portal.css shows beside the cell when the rows become cards. A cell spanning columns
// (an "empty list" row) keeps no label; a label written in the template is kept.
(function () {
  function label(root) {
    root.querySelectorAll("table.portal-stack").forEach(function (table) {
      var heads = Array.prototype.map.call(
        table.querySelectorAll(":scope > thead > tr:first-child > th"),
        function (th) { return th.textContent.trim(); }
      );
      table.querySelectorAll(":scope > tbody > tr").forEach(function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (cell.colSpan === 1 && heads[col] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", heads[col]);
          }
          col += cell.colSpan || 1;
        });
      });
    });
  }
  label(document);
  document.addEventListener("htmx:afterSettle", function (event) { label(document); });
})();
