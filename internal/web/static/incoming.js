// 收文 pages: quick phrases. A button with data-fill="同意。" and
// data-fill-target="<textarea id>" puts the phrase into the text area (after
// what is already there) and leaves the cursor at its end, so a leader on a
// phone can write "同意。请县发改局阅办。" with two taps. Without script the
// buttons do nothing and the text area is typed as usual.
document.addEventListener("click", function (e) {
  var b = e.target && e.target.closest ? e.target.closest("[data-fill]") : null;
  if (!b) {
    return;
  }
  var t = document.getElementById(b.getAttribute("data-fill-target"));
  if (!t) {
    return;
  }
  e.preventDefault();
  var phrase = b.getAttribute("data-fill");
  var cur = t.value.replace(/\s+$/, "");
  t.value = cur === "" ? phrase : cur + phrase;
  t.focus();
  if (t.setSelectionRange) {
    t.setSelectionRange(t.value.length, t.value.length);
  }
});
