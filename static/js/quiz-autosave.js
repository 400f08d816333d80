/* Signaal quizzes: save an answer as soon as it changes. Optional: without this script every question
   has its own save button and the form works the same. The server accepts the same fields either way.

   A busy server (503, 429, or a 5xx from the proxy) or a dropped connection is tried again with a growing
   pause (the server's Retry-After when it gives one); the learner sees that in the question's status line
   (role="status") and, when every try failed, that the answer was not saved and how to save it by hand. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }

  var MAX_TRIES = 6;
  var MAX_DELAY_MS = 30000;
  var pending = new WeakMap(); // fieldset -> timer of its next try

  function retryable(status) {
    return status === 429 || status === 502 || status === 503 || status === 504;
  }

  function delayFor(response, tries) {
    var header = response && response.headers.get("Retry-After");
    var seconds = header ? parseInt(header, 10) : NaN;
    var ms = isNaN(seconds) ? 1000 * Math.pow(2, tries - 1) : seconds * 1000;
    return Math.min(ms, MAX_DELAY_MS);
  }

  function show(status, text) {
    if (status) { status.textContent = text; }
  }

  function save(fieldset, tries) {
    var button = fieldset.querySelector("button[name='save']");
    var status = fieldset.querySelector("[data-status]");
    if (!button) { return; }
    clearTimeout(pending.get(fieldset));
    tries = tries || 1;
    var data = new FormData(form); // the answers as they are now, also on a retry
    data.set("save", button.value);
    if (tries === 1) { show(status, form.dataset.savingText || "…"); }

    function again(response) {
      if (tries >= MAX_TRIES) {
        show(status, form.dataset.failedText || "Not saved.");
        return;
      }
      show(status, form.dataset.retryingText || "…");
      pending.set(fieldset, setTimeout(function () { save(fieldset, tries + 1); }, delayFor(response, tries)));
    }

    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (retryable(response.status)) { again(response); return; }
      return response.json().then(function (body) {
        show(status, response.ok ? body.message : body.error);
      }, function () {
        show(status, form.dataset.failedText || "Not saved.");
      });
    }).catch(function () {
      again(null); // the network: offline for a moment, or the connection dropped
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) { save(fieldset); }
  });
})();
