// Review queue keyboard: j/k move between rows, a accepts, c goes to the class menu (Enter there reclassifies,
// Escape comes back to the row), o opens the record. After a decision the page comes back at the same place.
(function () {
  const table = document.querySelector(".review-queue");
  const rows = Array.from(document.querySelectorAll(".review-row"));
  if (!table || !rows.length) return;
  let current = 0;
  const focus = (i) => { current = Math.max(0, Math.min(rows.length - 1, i)); rows[current].focus(); };
  rows.forEach((row, i) => row.addEventListener("focusin", () => { current = i; }));
  document.addEventListener("keydown", (event) => {
    const inRow = event.target.closest && event.target.closest(".review-row");
    if (["SELECT", "INPUT", "TEXTAREA"].includes(event.target.tagName)) {
      if (!inRow) return;
      if (event.key === "Escape") { focus(rows.indexOf(inRow)); event.preventDefault(); }
      else if (event.key === "Enter" && event.target.tagName === "SELECT") {
        event.preventDefault();
        inRow.querySelector("form.reclassify-form").requestSubmit();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const row = rows[current];
    if (event.key === "j") focus(current + 1);
    else if (event.key === "k") focus(current - 1);
    else if (event.key === "a") row.querySelector("button.accept").click();
    else if (event.key === "c") row.querySelector("select").focus();
    else if (event.key === "o") row.querySelector("a.open").click();
    else return;
    event.preventDefault();
  });
  focus(parseInt(table.dataset.at || "0", 10) || 0);
})();

// Page viewer: ← and → turn the page, + and − zoom.
(function () {
  const tools = document.querySelector(".viewer-tools");
  if (!tools) return;
  const zooms = Array.from(tools.querySelectorAll(".zoom a, .zoom strong"));
  const current = zooms.findIndex((element) => element.tagName === "STRONG");
  const go = (link) => { if (link && link.href) window.location.href = link.href; };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowLeft") go(tools.querySelector("a.prev"));
    else if (event.key === "ArrowRight") go(tools.querySelector("a.next"));
    else if (event.key === "+") go(zooms[current + 1]);
    else if (event.key === "-") go(current > 0 ? zooms[current - 1] : null);
    else return;
    event.preventDefault();
  });
})();
