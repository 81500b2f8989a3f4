// The board report's "Print" button: shown only when this script runs (without it, the browser's own
// print command does the same, and the page says so).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
