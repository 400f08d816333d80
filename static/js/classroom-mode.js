// Classroom mode (templates/classrooms/projector.html): one step of the lesson at a time on the projector.
// Without this script the page shows every step one below the other, so nothing depends on it.
// Keys: → / PageDown next, ← / PageUp previous, Home / End first / last, F full screen. Buttons do the same
// for touch screens and interactive whiteboards. The step is kept in the address (#blok-3), so a reload or the
// browser's back button stays on it. A question put to the class shows its count of answers as they come in.
(function () {
  "use strict";

  const steps = Array.from(document.querySelectorAll("[data-projector-step]"));
  const controls = document.querySelector("[data-projector-controls]");
  if (!steps.length || !controls) return;

  const status = controls.querySelector("[data-projector-status]");
  const previous = controls.querySelector("[data-projector-previous]");
  const next = controls.querySelector("[data-projector-next]");
  const fullscreen = controls.querySelector("[data-projector-fullscreen]");
  let current = 0;

  function labelOf(step) {
    const label = document.getElementById(step.getAttribute("aria-labelledby"));
    return label ? label.textContent.trim() : "";
  }

  function indexFromHash() {
    const index = steps.findIndex((step) => "#" + step.id === window.location.hash);
    return index < 0 ? 0 : index;
  }

  function show(index, { announce = true } = {}) {
    index = Math.max(0, Math.min(steps.length - 1, index));
    const leaving = steps[current];
    // Focus inside the step that goes away would be lost: it moves to the new step (a heading-like stop).
    const focusWasInside = leaving.contains(document.activeElement);
    current = index;
    steps.forEach((step, i) => {
      step.hidden = i !== index;
    });
    previous.setAttribute("aria-disabled", String(index === 0));
    next.setAttribute("aria-disabled", String(index === steps.length - 1));
    if (announce) status.textContent = labelOf(steps[index]);
    if (window.location.hash !== "#" + steps[index].id) {
      window.history.replaceState(null, "", "#" + steps[index].id);
    }
    if (focusWasInside) steps[index].focus();
    window.scrollTo(0, 0);
  }

  function step(by) {
    show(current + by);
  }

  function fullscreenSupported() {
    return Boolean(document.fullscreenEnabled && document.documentElement.requestFullscreen);
  }

  function fullscreenToggle() {
    if (!fullscreenSupported()) return;
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen().catch(() => {
        // Refused (no user gesture, or a policy): the page keeps working as it is.
      });
    }
  }

  function typing(target) {
    return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    const actions = {
      ArrowRight: () => step(1),
      PageDown: () => step(1),
      ArrowLeft: () => step(-1),
      PageUp: () => step(-1),
      Home: () => show(0),
      End: () => show(steps.length - 1),
      f: fullscreenToggle,
      F: fullscreenToggle,
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  previous.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  if (fullscreenSupported()) {
    fullscreen.addEventListener("click", fullscreenToggle);
    document.addEventListener("fullscreenchange", () => {
      const on = Boolean(document.fullscreenElement);
      fullscreen.setAttribute("aria-pressed", String(on));
      document.body.classList.toggle("projector--fullscreen", on);
    });
  } else {
    fullscreen.hidden = true;
  }
  window.addEventListener("hashchange", () => show(indexFromHash()));

  // While the class answers a question on their own devices, the count of answers follows on the board.
  document.querySelectorAll("[data-poll-status-url]").forEach((counter) => {
    const step = counter.closest("[data-projector-step]");
    const timer = window.setInterval(() => {
      if (document.hidden || (step && step.hidden)) return;
      fetch(counter.dataset.pollStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((status) => {
          if (!status) return;
          counter.textContent = status.text;
          if (!status.open) window.clearInterval(timer);
        })
        .catch(() => {
          // A missed count is no loss: the next one comes in a few seconds.
        });
    }, 3000);
  });

  document.body.classList.add("projector--stepping");
  controls.hidden = false;
  show(indexFromHash(), { announce: false });
  status.textContent = labelOf(steps[current]);
})();
