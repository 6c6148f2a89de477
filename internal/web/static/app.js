// Zhongshu's only script of its own. Everything works without it; it adds:
//
// 1. Confirmation before irreversible actions: forms with data-confirm="…"
//    submit only after the user confirms.
// 2. A live unread badge: when the page has an element [data-live-unread],
//    it listens to /events (server-sent events) and shows the count from
//    each "unread" event, hiding the badge at 0. The server sends "end"
//    when the session would time out for inactivity; then it stops
//    listening, so an open tab never keeps an idle session alive.
document.addEventListener("submit", function (e) {
  var msg = e.target && e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
}, true);

(function () {
  function start() {
    var badge = document.querySelector("[data-live-unread]");
    if (!badge || !window.EventSource) {
      return;
    }
    var link = badge.parentNode;
    var es = new EventSource("/events");
    es.addEventListener("unread", function (e) {
      var n = parseInt(e.data, 10);
      if (isNaN(n) || n < 0) {
        return;
      }
      badge.textContent = n > 99 ? "99+" : String(n);
      if (n > 0) {
        badge.removeAttribute("hidden");
        if (link && link.setAttribute) {
          link.setAttribute("aria-label", "通知，" + n + " 条未读");
        }
      } else {
        badge.setAttribute("hidden", "");
        if (link && link.removeAttribute) {
          link.removeAttribute("aria-label");
        }
      }
    });
    es.addEventListener("end", function () {
      es.close();
    });
    window.addEventListener("pagehide", function () {
      es.close();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
