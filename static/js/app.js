// Small progressive enhancements; every page works without this file.
"use strict";

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Formsets: "Add" inserts a blank row in place instead of a round trip.
document.querySelectorAll("[data-formset]").forEach((fieldset) => {
  const prefix = fieldset.dataset.formset;
  const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = fieldset.querySelector("template.formset-empty");
  const rows = fieldset.querySelector(".formset-rows");
  const button = fieldset.querySelector(`button[name="add_row"][value="${prefix}"]`);
  if (!total || !template || !rows || !button) return;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__num__", String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = rows.lastElementChild.querySelector("input, textarea, select");
    if (added) added.focus();
  });
});
