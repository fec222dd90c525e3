// The intake editor's Up and Down buttons move a question in place, keeping the
// keyboard focus on the button pressed. Without this file each button posts its
// form and the page comes back at the moved question.
"use strict";

document.querySelectorAll("[data-intake-editor]").forEach((list) => {
  const status = document.getElementById("move-status");

  const renumber = () => {
    const items = [...list.children];
    items.forEach((item, index) => {
      item.querySelector(".question-number").textContent = `${index + 1}.`;
      item.querySelector('button[value="up"]').disabled = index === 0;
      item.querySelector('button[value="down"]').disabled = index === items.length - 1;
    });
  };

  list.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.intake-move");
    const button = event.submitter;
    if (!form || !button) return;
    event.preventDefault();
    const item = form.closest("li");
    const up = button.value === "up";
    const neighbour = up ? item.previousElementSibling : item.nextElementSibling;
    if (!neighbour) return;
    const data = new FormData(form);
    data.set("direction", button.value);
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        redirect: "manual",
        credentials: "same-origin",
      });
    } catch {
      window.location.reload();
      return;
    }
    // The view answers a move with a redirect; anything else: show the page.
    if (response.type !== "opaqueredirect") {
      window.location.reload();
      return;
    }
    if (up) neighbour.before(item);
    else neighbour.after(item);
    renumber();
    const other = form.querySelector(`button[value="${up ? "down" : "up"}"]`);
    (button.disabled ? other : button).focus();
    const position = [...list.children].indexOf(item) + 1;
    status.textContent = `Moved “${item.dataset.wording}” to place ${position} of ${list.children.length}.`;
  });
});
