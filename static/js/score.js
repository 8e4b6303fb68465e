// Scoring form (reviews:score): live item, category and total scores, and the GB/Z 19579 band
// of each chosen percentage. The server recomputes everything on save; this is display only.
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) {
    return;
  }
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-points]"));

  function bandOf(select) {
    var option = select.options[select.selectedIndex];
    if (!option || !option.parentElement || option.parentElement.tagName !== "OPTGROUP") {
      return "";
    }
    return option.parentElement.label;
  }

  function setText(id, text) {
    var element = document.getElementById(id);
    if (element) {
      element.textContent = text;
    }
  }

  // Hundredths of a point as integers, rounded half up to one decimal like the server.
  function oneDecimal(hundredths) {
    return (Math.round(hundredths / 10) / 10).toFixed(1);
  }

  function update() {
    var total = 0;
    var categories = {};
    selects.forEach(function (select) {
      var percent = parseInt(select.value, 10);
      var points = parseInt(select.dataset.points, 10);
      var hundredths = isNaN(percent) ? 0 : points * percent;
      total += hundredths;
      var category = select.dataset.category;
      categories[category] = (categories[category] || 0) + hundredths;
      setText(select.id + "-band", bandOf(select));
      setText(select.id + "-score", isNaN(percent) ? "—" : (hundredths / 100).toFixed(2));
    });
    Object.keys(categories).forEach(function (category) {
      setText("category-total-" + category, oneDecimal(categories[category]));
    });
    setText("live-total", oneDecimal(total));
  }

  form.addEventListener("change", update);
  update();
})();
