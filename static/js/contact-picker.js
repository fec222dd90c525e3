// Picking contacts by name on the send page: the matches appear as you type.
// Without this file the Search button does the same in a round trip. The
// matches are a fragment the server renders (escaped there); ticking one moves
// it to the picked list, so a new search never drops it.
"use strict";

document.querySelectorAll("[data-contact-picker]").forEach((picker) => {
  const input = picker.querySelector("input[name='who']");
  const matches = picker.querySelector("#contact-matches");
  const picked = picker.querySelector("#contacts-picked");
  if (!input || !matches || !picked) return;
  let timer = null;
  let latest = 0;

  async function search() {
    const params = new URLSearchParams({ who: input.value });
    picked.querySelectorAll("input[name='contacts']").forEach((box) => {
      if (box.checked) params.append("contacts", box.value);
    });
    const asked = ++latest;
    const response = await fetch(`${picker.dataset.contactPicker}?${params}`, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    // A slower answer to an earlier keystroke must not replace a newer one.
    if (asked !== latest) return;
    matches.innerHTML = await response.text();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault(); // Search here rather than submitting the form.
    clearTimeout(timer);
    search();
  });
  matches.addEventListener("change", (event) => {
    const box = event.target;
    if (box.name !== "contacts" || !box.checked) return;
    picked.append(box.closest("li"));
    picked.closest(".contacts-picked").hidden = false;
    box.focus();
  });
});
