// The monitoring dashboard's chart: obligations done, due and overdue per round (Chart.js).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("monitoring-chart");
    if (!canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(canvas.dataset.chart || "{}");
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels || [],
        datasets: [
          { label: data.names.done, data: data.done, backgroundColor: "#198754" },
          { label: data.names.due, data: data.due, backgroundColor: "#ffc107" },
          { label: data.names.overdue, data: data.overdue, backgroundColor: "#dc3545" }
        ]
      },
      options: {
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
