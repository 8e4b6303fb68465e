// Live character count of the self-assessment sections (applications:edit). Each textarea
// with data-maxchars gets a counter "n / limit" that turns red over the limit. The server
// enforces the limit on every save; this is display only.
(function () {
  "use strict";
  function counterFor(textarea) {
    var id = textarea.id + "-count";
    var counter = document.getElementById(id);
    if (!counter) {
      counter = document.createElement("div");
      counter.id = id;
      counter.className = "form-text text-end";
      counter.setAttribute("aria-live", "polite");
      textarea.insertAdjacentElement("afterend", counter);
    }
    return counter;
  }
  function update(textarea) {
    var limit = parseInt(textarea.getAttribute("data-maxchars"), 10);
    // Count characters as the server does (code points), not UTF-16 units.
    var count = Array.from(textarea.value).length;
    var counter = counterFor(textarea);
    counter.textContent = count + " / " + limit;
    counter.classList.toggle("text-danger", count > limit);
    counter.classList.toggle("fw-bold", count > limit);
    textarea.classList.toggle("is-invalid", count > limit);
  }
  function init() {
    var areas = document.querySelectorAll("textarea[data-maxchars]");
    Array.prototype.forEach.call(areas, function (textarea) {
      update(textarea);
      textarea.addEventListener("input", function () {
        update(textarea);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
