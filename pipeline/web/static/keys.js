// Review queue keyboard: j/k move between rows, a accepts, c focuses the class menu, o opens the record.
(function () {
  const rows = Array.from(document.querySelectorAll(".review-row"));
  if (!rows.length) return;
  let current = 0;
  const focus = (i) => { current = Math.max(0, Math.min(rows.length - 1, i)); rows[current].focus(); };
  document.addEventListener("keydown", (event) => {
    if (["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName)) return;
    const row = rows[current];
    if (event.key === "j") focus(current + 1);
    else if (event.key === "k") focus(current - 1);
    else if (event.key === "a") row.querySelector("button.accept").click();
    else if (event.key === "c") row.querySelector("select").focus();
    else if (event.key === "o") row.querySelector("a.open").click();
    else return;
    event.preventDefault();
  });
  focus(0);
})();
