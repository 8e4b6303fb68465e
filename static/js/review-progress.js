// Review progress on the office's review hub (reviews:round_review): one stacked bar
// per review group and stage (submitted, drafts, not started), drawn from the JSON the page
// carries (#review-progress-data). The chart is decoration (aria-hidden): the tables beside it
// hold the same numbers for screen readers and for browsers without JavaScript.
(function () {
  "use strict";
  // The site stage's bars in lighter shades of the material stage's colours.
  var COLOURS = {
    material: { submitted: "#198754", drafts: "#ffc107", not_started: "#6c757d" },
    site: { submitted: "#75b798", drafts: "#ffda6a", not_started: "#ced4da" },
  };
  function draw() {
    var source = document.getElementById("review-progress-data");
    var canvas = document.getElementById("review-progress-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.labels || data.labels.length === 0) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return {
            label: set.label,
            data: set.data,
            stack: set.stack,
            backgroundColor: (COLOURS[set.stack] || COLOURS.material)[set.kind] || "#0d6efd",
          };
        }),
      },
      options: {
        responsive: true,
        // The box sets the height (portal.css): the chart fills it at any width.
        maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
        animation: false,
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
