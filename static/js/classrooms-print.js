// The join card's print button (a small file, not inline script, so a strict CSP needs no exception).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
