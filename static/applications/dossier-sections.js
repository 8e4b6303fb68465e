// The dossier's section navigation: a bar that stays at the top of the window with the save
// status and a link to each section of the form (each card with a header), marked as the
// applicant fills it in: ✓ every field filled, ◐ some, ○ none yet. Built from the page, so a
// section added to the form appears here without another list to keep.
(function () {
  "use strict";
  var form = document.querySelector("form[data-dossier-sections]");
  var nav = document.getElementById("dossier-sections");
  if (!form || !nav) return;
  var labels = {
    done: nav.dataset.done, some: nav.dataset.some, none: nav.dataset.none
  };
  var FIELDS = "input:not([type=hidden]):not([type=file]):not([type=submit]), textarea, select";
  var sections = [];
  form.querySelectorAll(".card").forEach(function (card, index) {
    var header = card.querySelector(":scope > .card-header");
    var fields = Array.prototype.filter.call(card.querySelectorAll(FIELDS), function (field) {
      return field.type !== "checkbox" || field.name === "compliance_declarations";
    });
    if (!header || fields.length === 0) return;
    if (!card.id) card.id = "dossier-section-" + (index + 1);
    var link = document.createElement("a");
    link.href = "#" + card.id;
    link.className = "dossier-section-link";
    var mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    var state = document.createElement("span");
    state.className = "visually-hidden";
    link.appendChild(mark);
    link.appendChild(document.createTextNode(" " + header.textContent.trim()));
    link.appendChild(state);
    var item = document.createElement("li");
    item.appendChild(link);
    nav.querySelector("ul").appendChild(item);
    sections.push({ fields: fields, mark: mark, state: state });
  });
  function filled(field) {
    if (field.type === "checkbox" || field.type === "radio") return field.checked;
    return field.value.trim() !== "";
  }
  function update() {
    sections.forEach(function (section) {
      var count = section.fields.filter(filled).length;
      var key = count === section.fields.length ? "done" : count > 0 ? "some" : "none";
      section.mark.textContent = key === "done" ? "✓" : key === "some" ? "◐" : "○";
      section.mark.className = key === "done" ? "text-success" : "text-muted";
      section.state.textContent = " (" + labels[key] + ")";
    });
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();

// A section's "Upload: <type>" link: the attachments panel's upload form, with the type chosen.
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest("[data-attachment-kind]");
  if (!link) return;
  var kind = document.getElementById("id_attachment-kind");
  var file = document.getElementById("id_attachment-file");
  if (!kind || !file) return;
  event.preventDefault();
  kind.value = link.dataset.attachmentKind;
  document.getElementById("attachments-panel").scrollIntoView();
  file.focus();
});
