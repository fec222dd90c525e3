// The survey page (feedback/answer.html); the page works without this file.
"use strict";

// After a refused submit the error summary has `autofocus`; browsers that ignore
// autofocus on a non-form element get the focus moved here instead.
const summary = document.getElementById("error-summary");
if (summary && document.activeElement !== summary) {
  summary.focus();
}

// A link in the summary puts the cursor in the answer it names, with its
// question in view (a plain jump would hide the question above the input).
if (summary) {
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const input = link && document.getElementById(link.hash.slice(1));
    if (!input) return;
    event.preventDefault();
    const question = input.closest("fieldset, .mb-3") || input;
    question.scrollIntoView();
    input.focus({ preventScroll: true });
  });
}
