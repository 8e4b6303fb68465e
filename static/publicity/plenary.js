// Shows the quorum and each candidate's outcome as the votes are typed (Art. 21). The server
// computes and checks the same rule; this only helps whoever records the plenary.
(function () {
  "use strict";
  var form = document.getElementById("plenary-form");
  if (!form) { return; }
  function intValue(el) {
    var n = parseInt(el && el.value, 10);
    return isNaN(n) ? 0 : n;
  }
  function update() {
    var total = intValue(form.querySelector("[name=members_total]"));
    var present = intValue(form.querySelector("[name=members_present]"));
    var quorum = document.getElementById("quorum-state");
    var ok = present > 0 && present <= total && present * 2 > total;
    quorum.textContent = ok ? form.dataset.quorum : form.dataset.noQuorum;
    quorum.className = "badge " + (ok ? "text-bg-success" : "text-bg-danger");
    form.querySelectorAll("tr.candidate-row").forEach(function (row) {
      var agree = intValue(row.querySelector("[data-vote=agree]"));
      var passes = agree * 2 > present;
      var cell = row.querySelector(".outcome");
      cell.textContent = passes ? form.dataset.passes : form.dataset.rejected;
      cell.className = "outcome fw-semibold " + (passes ? "text-success" : "text-danger");
    });
  }
  form.addEventListener("input", update);
  update();
})();
