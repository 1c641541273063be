// Intake page: a document dropped anywhere on the upload box is put in its file field and sent.
(function () {
  const form = document.getElementById("upload");
  if (!form) return;
  const zone = form.querySelector(".drop-zone");
  const input = form.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  }));
  ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, () => zone.classList.remove("dragging")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });
})();
