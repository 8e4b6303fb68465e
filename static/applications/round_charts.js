// Round dashboard (applications:office_round_charts): one bar chart per breakdown, drawn
// from the JSON the page carries (#chart-data). The tables beside the charts hold the same
// numbers for screen readers and for browsers without JavaScript.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    Object.keys(data).forEach(function (key) {
      var canvas = document.getElementById("chart-" + key);
      if (!canvas || data[key].labels.length === 0) {
        return;
      }
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data[key].labels,
          datasets: [{ data: data[key].counts, backgroundColor: "#0d6efd" }],
        },
        options: {
          indexAxis: key === "by_county" || key === "by_industry" ? "y" : "x",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
          animation: false,
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
