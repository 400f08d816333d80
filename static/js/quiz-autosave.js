/* Signaal quizzes: save an answer as soon as it changes. Optional: without this script every question
   has its own save button and the form works the same. The server accepts the same fields either way. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }

  function save(fieldset) {
    var button = fieldset.querySelector("button[name='save']");
    var status = fieldset.querySelector("[data-status]");
    if (!button) { return; }
    var data = new FormData(form);
    data.set("save", button.value);
    if (status) { status.textContent = form.dataset.savingText || "…"; }
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (status) { status.textContent = response.ok ? body.message : body.error; }
      });
    }).catch(function () {
      if (status) { status.textContent = ""; }
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) { save(fieldset); }
  });
})();
