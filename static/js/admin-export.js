// Wires the "select all" box of the admin export page, which upstream does with
// an inline handler that the Content-Security-Policy refuses.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
