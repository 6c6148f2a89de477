// Zhongshu's only script of its own: it asks before irreversible actions.
// Forms with data-confirm="…" submit only after the user confirms.
document.addEventListener("submit", function (e) {
  var msg = e.target && e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
}, true);
