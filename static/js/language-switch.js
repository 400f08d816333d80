// The language switch submits as soon as another language is chosen (its label says so); without
// JavaScript the form's own button, inside <noscript>, does the same.
document.querySelectorAll("form[data-language-switch] select").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
