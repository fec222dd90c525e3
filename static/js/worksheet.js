// A worksheet step: saves a draft while the person types, saves before switching
// steps, warns before leaving with unsaved changes, and adds, moves and removes
// list rows in place. Without this file the page still works: every button
// submits the form and the server does the same.
"use strict";

(() => {
  const form = document.getElementById("step-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const announcer = document.getElementById("row-announcer");
  const loaded = form.elements.namedItem("loaded");
  const DELAY_MS = 1200;
  const FAILED = "Couldn't save — your text is kept. Press Save to try again.";

  // A page shown again after a save that did not happen holds unsaved text.
  let edits = "unsaved" in form.dataset ? 1 : 0; // Changes made on the page so far.
  let savedEdits = 0; // Changes included in the last successful save.
  let timer = null;
  let inflight = null; // The save on its way: a promise of true or false.
  let paused = Boolean(document.getElementById("conflicts"));
  let leaving = false;

  const dirty = () => edits > savedEdits;
  const say = (text) => {
    status.textContent = text;
  };
  const announce = (text) => {
    announcer.textContent = text;
  };
  const clock = () =>
    new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  function edited() {
    edits += 1;
    if (paused) return;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  }

  // One save at a time: a save asked for while another is on its way waits.
  async function save() {
    clearTimeout(timer);
    while (inflight) await inflight;
    if (!dirty()) return true;
    if (paused) return false;
    inflight = send();
    try {
      return await inflight;
    } finally {
      inflight = null;
    }
  }

  async function send() {
    const upTo = edits;
    const body = new FormData(form);
    // A picture is uploaded when the step is saved with its buttons.
    form.querySelectorAll('input[type="file"]').forEach((input) => body.delete(input.name));
    body.set("autosave", "1");
    say("Saving…");
    let response;
    let data = null;
    try {
      response = await fetch(form.dataset.autosave, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual", // A logged-out save is sent to log in: that is a failure here.
        headers: { Accept: "application/json" },
      });
      if ((response.headers.get("Content-Type") || "").includes("application/json")) {
        data = await response.json();
      }
    } catch (error) {
      say(FAILED);
      return false;
    }
    if (response.ok && data && data.state === "saved") {
      loaded.value = data.loaded;
      applyRowIds(data.rows || {});
      savedEdits = Math.max(savedEdits, upTo);
      say(`Saved at ${clock()}`);
      return true;
    }
    if (data && data.state === "conflict") paused = true;
    say((data && data.message) || FAILED);
    return false;
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.type === "radio") edited();
  });

  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (inflight) {
      // Let the draft save finish first, so its new rows are sent as saved rows.
      event.preventDefault();
      const submitter = event.submitter;
      inflight.finally(() => form.requestSubmit(submitter));
      return;
    }
    leaving = true;
  });

  // Discarding one's changes on purpose needs no warning.
  document.querySelectorAll("[data-discard]").forEach((link) => {
    link.addEventListener("click", () => {
      leaving = true;
    });
  });

  window.addEventListener("beforeunload", (event) => {
    if (leaving || (!dirty() && !inflight)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Switching steps saves first; if that fails, the text stays and a second
  // click leaves (with the browser's own warning).
  document.querySelectorAll("[data-step-nav] a").forEach((link) => {
    link.addEventListener("click", async (event) => {
      if ((!dirty() && !inflight) || link.dataset.leaveAnyway) return;
      event.preventDefault();
      if (await save()) {
        leaving = true;
        window.location.assign(link.href);
        return;
      }
      link.dataset.leaveAnyway = "1";
      say(`${status.textContent} Choose the step again to leave without saving.`);
    });
  });

  // Typing into an answer listed as a conflict means keeping one's own.
  form.addEventListener("input", (event) => {
    const row = event.target.closest(".formset-row");
    let key = event.target.name || "";
    if (row) key = `${row.closest("[data-formset]").dataset.formset}-${field(row, "id").value}`;
    const mine = form.querySelector(`[data-conflict-mine="${CSS.escape(key)}"]`);
    if (mine) mine.checked = true;
  });

  // Text boxes that grow, where the browser cannot do it with CSS alone.
  if (!CSS.supports("field-sizing", "content")) {
    const grow = (area) => {
      area.style.height = "auto";
      area.style.height = `${area.scrollHeight + 2}px`;
    };
    form.querySelectorAll("textarea.auto-grow").forEach(grow);
    form.addEventListener("input", (event) => {
      if (event.target.matches("textarea.auto-grow")) grow(event.target);
    });
  }

  // List rows ---------------------------------------------------------------

  const rowsOf = (fieldset) => [...fieldset.querySelectorAll(".formset-rows > .formset-row")];
  const field = (row, name) => row.querySelector(`[name$="-${name}"]`);
  const shown = (row) => !row.classList.contains("is-removed");

  // After a draft save: each posted row's id, so new rows are posted as the
  // saved rows they now are, and removed ones as new if they come back.
  function applyRowIds(rows) {
    Object.entries(rows).forEach(([prefix, ids]) => {
      const fieldset = form.querySelector(`[data-formset="${prefix}"]`);
      if (!fieldset) return;
      ids.forEach((id, index) => {
        const input = form.elements.namedItem(`${prefix}-${index}-id`);
        if (input) input.value = id;
      });
      renumber(fieldset);
    });
  }

  // Django counts the first INITIAL_FORMS rows as saved ones: put the rows with
  // an id first in the numbering (their place on screen is their ORDER).
  function renumber(fieldset) {
    const prefix = fieldset.dataset.formset;
    const rows = rowsOf(fieldset);
    const saved = rows.filter((row) => field(row, "id").value !== "");
    const fresh = rows.filter((row) => field(row, "id").value === "");
    [...saved, ...fresh].forEach((row, index) => reindex(row, prefix, index));
    form.elements.namedItem(`${prefix}-TOTAL_FORMS`).value = String(rows.length);
    form.elements.namedItem(`${prefix}-INITIAL_FORMS`).value = String(saved.length);
  }

  function reindex(row, prefix, index) {
    const match = field(row, "id").name.match(/-(\d+)-id$/);
    if (!match || match[1] === String(index)) return;
    const before = `${prefix}-${match[1]}-`;
    const after = `${prefix}-${index}-`;
    row.querySelectorAll("[name], [id], [for], [aria-describedby], button[value]").forEach((el) => {
      ["name", "id", "for", "aria-describedby", "value"].forEach((attr) => {
        if (attr === "value" && el.tagName !== "BUTTON") return;
        const value = el.getAttribute(attr);
        if (value && value.includes(before)) el.setAttribute(attr, value.replaceAll(before, after));
      });
    });
  }

  // Places and labels follow the rows on screen: "Dream 1", "Move dream 1 up".
  function relabel(fieldset) {
    const noun = fieldset.dataset.noun.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`(${noun}) (?:\\d+|__num__)`, "gi");
    rowsOf(fieldset).forEach((row, place) => {
      const number = String(place + 1);
      field(row, "ORDER").value = number;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement.closest("textarea, select")
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT,
      });
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.replace(pattern, `$1 ${number}`);
        if (text !== node.nodeValue) node.nodeValue = text;
      }
      row.querySelectorAll("[aria-label]").forEach((el) => {
        el.setAttribute("aria-label", el.getAttribute("aria-label").replace(pattern, `$1 ${number}`));
      });
    });
  }

  function showRemoved(row, removed) {
    row.classList.toggle("is-removed", removed);
    row.querySelector(".row-fields").hidden = removed;
    row.querySelector(".row-undo").hidden = !removed;
  }

  const firstField = (row) =>
    row.querySelector("textarea, select, input:not([type=hidden]):not(.btn-check)");

  form.querySelectorAll("[data-formset]").forEach((fieldset) => {
    const prefix = fieldset.dataset.formset;
    const total = form.elements.namedItem(`${prefix}-TOTAL_FORMS`);
    const template = fieldset.querySelector("template.formset-empty");
    const list = fieldset.querySelector(".formset-rows");
    fieldset.querySelector('button[name="add_row"]').addEventListener("click", (event) => {
      event.preventDefault();
      const index = Number(total.value);
      list.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
      total.value = String(index + 1);
      relabel(fieldset);
      firstField(list.lastElementChild).focus();
    });
    rowsOf(fieldset).forEach((row) => showRemoved(row, field(row, "DELETE").checked));
    relabel(fieldset);
  });

  form.addEventListener("click", (event) => {
    const move = event.target.closest("button[data-move]");
    const undo = event.target.closest("button[data-undo]");
    if (move) {
      event.preventDefault();
      const row = move.closest(".formset-row");
      const fieldset = row.closest("[data-formset]");
      const up = move.dataset.move === "up";
      const others = rowsOf(fieldset).filter((other) => other === row || shown(other));
      const sibling = others[others.indexOf(row) + (up ? -1 : 1)];
      if (!sibling) {
        announce(up ? "Already at the top." : "Already at the bottom.");
        return;
      }
      if (up) sibling.before(row);
      else sibling.after(row);
      move.focus();
      relabel(fieldset);
      announce(`Moved to place ${rowsOf(fieldset).indexOf(row) + 1}.`);
      edited();
    } else if (undo) {
      const row = undo.closest(".formset-row");
      field(row, "DELETE").checked = false;
      showRemoved(row, false);
      firstField(row).focus();
      edited();
    }
  });

  form.addEventListener("change", (event) => {
    if (!event.target.matches('input[type="checkbox"][name$="-DELETE"]')) return;
    const row = event.target.closest(".formset-row");
    showRemoved(row, event.target.checked);
    if (event.target.checked) row.querySelector("button[data-undo]").focus();
  });

  const conflicts = document.getElementById("conflicts");
  if (conflicts) conflicts.focus();
})();
