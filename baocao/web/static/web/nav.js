// The phone's menu button (progressive enhancement): without JavaScript the menu is shown in
// full and wraps; with it, a button with aria-expanded opens and closes it on narrow screens.
(() => {
  const button = document.querySelector(".nav-toggle");
  const nav = document.getElementById("mainnav");
  if (!button || !nav) return;
  const bar = button.closest(".topbar");
  button.hidden = false;
  bar.classList.add("js-menu");
  const set = (open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  };
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
})();
