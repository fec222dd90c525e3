// A background job's progress bar (re-scoring on the rubric page, a draft's
// preview): polls the job's progress until it ends, then shows the "finished"
// line, or reloads the page when the box asks for it (data-reload-when-done).
// Without JavaScript the page refreshes itself while a job runs (a <noscript> meta).
"use strict";

(() => {
  const box = document.querySelector("[data-job-progress]");
  if (!box) return;
  const url = box.dataset.jobProgress;
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const refresh = box.querySelector("[data-progress-refresh]");
  const done = box.querySelector("[data-progress-done]");
  const EVERY_MS = 1500;
  const AFTER_ERROR_MS = 5000;
  const finished = (status) => status === "done" || status === "failed" || status === "none";

  function show(job) {
    bar.value = job.percent;
    bar.textContent = `${job.percent}%`;
    text.textContent = job.message;
    box.dataset.status = job.status;
    if (finished(job.status)) {
      if ("reloadWhenDone" in box.dataset) {
        window.location.reload();
        return;
      }
      if (refresh) refresh.hidden = true;
      if (done) done.hidden = false;
    }
  }

  async function poll() {
    let wait = EVERY_MS;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const job = await response.json();
      show(job);
      if (finished(job.status)) return;
    } catch (error) {
      wait = AFTER_ERROR_MS; // Offline or the server is busy: try again, less often.
    }
    window.setTimeout(poll, wait);
  }

  if (!finished(box.dataset.status)) {
    if (refresh) refresh.hidden = true; // The bar updates by itself.
    window.setTimeout(poll, EVERY_MS);
  }
})();
