// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("input", (event) => {
  const el = event.target;
  if (el instanceof HTMLTextAreaElement) {
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight + 2}px`;
  }
});
