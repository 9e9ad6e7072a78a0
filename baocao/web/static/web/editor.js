// The report editor, enhanced. Without JavaScript the form does all of this by its buttons.
// - autosave: ~2 s after the last change the form is posted with "X-Autosave: 1"; the answer
//   (JSON) gives the new version and the ids of new items, or who saved meanwhile (409);
// - a warning before leaving the page with changes not yet saved;
// - a removed item is hidden with an "Hoàn tác" button instead of being posted at once;
// - "Chuyển sang lĩnh vực" moves the item's row to that field at once;
// - in the table of values Enter / Shift+Enter and the arrow keys move between cells.
(() => {
  "use strict";
  const form = document.getElementById("editor");
  if (!form || !window.fetch || !window.FormData) return;
  const status = document.getElementById("save-status");
  const text = (name) => form.dataset[`msg${name}`] || "";
  const delay = Number(form.dataset.autosaveDelay || 2000);
  const url = form.getAttribute("action") || window.location.pathname;
  let dirty = false;
  let timer = null;
  let inflight = null;
  let again = false;
  let conflict = false;
  let submitting = false;
  // offline.js: keeps the form on this computer when the server cannot be reached.
  const offline = window.baocaoOffline;

  const say = (message, state) => {
    if (!status) return;
    status.textContent = message;
    status.dataset.state = state;
  };

  const kept = (message) => {
    if (message) say(message, "offline");
    return Boolean(message);
  };

  async function post() {
    const data = new FormData(form);
    dirty = false;
    if (offline?.offline()) {
      if (!kept(await offline.keep())) {
        dirty = true;
        say(text("Failed"), "error");
      }
      return;
    }
    offline?.prepare(data);
    say(text("Saving"), "saving");
    try {
      const response = await fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-Autosave": "1", Accept: "application/json"},
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok && body.saved) {
        form.querySelector("input[name=version]").value = body.version;
        for (const [key, id] of Object.entries(body.ids || {})) {
          const input = form.querySelector(`input[name="row-${CSS.escape(key)}-id"]`);
          if (input) input.value = id;
        }
        say(body.message, dirty ? "unsaved" : "saved");
        offline?.saved(data, body);
        return;
      }
      dirty = true;
      if (response.status === 409) conflict = true;
      say(body.message || text("Failed"), response.status === 409 ? "conflict" : "error");
      offline?.failed(response.status, body);
    } catch {
      if (offline && kept(await offline.keep())) return;
      dirty = true;
      say(text("Failed"), "error");
    }
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (submitting || conflict) return inflight;
    if (inflight) {
      again = true;
      return inflight;
    }
    again = false;
    inflight = post().finally(() => {
      inflight = null;
      if (again && dirty) save();
    });
    return inflight;
  }

  function changed() {
    dirty = true;
    if (conflict || submitting) return;
    say(text("Unsaved"), "unsaved");
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  form.addEventListener("input", changed);

  // A button posts the whole form: let an autosave under way finish first (it changes the
  // version the form carries), then post.
  form.addEventListener("submit", (event) => {
    clearTimeout(timer);
    if (inflight) {
      event.preventDefault();
      const submitter = event.submitter;
      inflight.then(() => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()));
      return;
    }
    submitting = true;
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Remove with undo: the row is hidden and its fields left out of the form until undone.
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=remove]");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("li.row");
    const fields = row.querySelectorAll("input, textarea, select, button");
    fields.forEach((field) => { field.disabled = true; });
    row.hidden = true;
    const notice = document.createElement("li");
    notice.className = "row-removed";
    const note = document.createElement("span");
    note.textContent = text("Removed");
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "btn-small";
    undo.textContent = text("Undo");
    notice.append(note, " ", undo);
    row.before(notice);
    undo.addEventListener("click", () => {
      fields.forEach((field) => { field.disabled = false; });
      row.hidden = false;
      notice.remove();
      row.querySelector("textarea")?.focus();
      changed();
    });
    undo.focus();
    changed();
  });

  // "Chuyển sang lĩnh vực": move the row to the end of the chosen field's list.
  form.addEventListener("change", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.closest(".move-to")) return;
    const row = select.closest("li.row");
    const fieldset = document.getElementById(`section-${select.value || "other"}`);
    const list = fieldset?.querySelector("ol.rows");
    if (!row || !list || list.contains(row)) return;
    const empty = [...list.children].find(
      (li) => li.matches("li.row") && !li.querySelector("select") &&
        !li.querySelector("textarea")?.value.trim());
    list.insertBefore(row, empty || null);
    select.focus();
    say(`${text("Moved")} ${select.selectedOptions[0].textContent}. ${text("Unsaved")}`,
      "unsaved");
  });

  // The table of values: Enter moves down (Shift+Enter up) instead of posting the form; the
  // up and down arrows too. The cell keeps its column.
  const table = form.querySelector("table.numbers");
  table?.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement)) return;
    let step = 0;
    if (event.key === "Enter") step = event.shiftKey ? -1 : 1;
    else if (event.key === "ArrowDown") step = 1;
    else if (event.key === "ArrowUp") step = -1;
    if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const cell = input.closest("td");
    const row = cell.closest("tr");
    const rows = [...table.tBodies[0].rows];
    const next = rows[rows.indexOf(row) + step];
    const target = next?.cells[cell.cellIndex]?.querySelector("input");
    if (target) {
      target.focus();
      target.select();
    }
  });

  document.getElementById("error-summary")?.focus();
  offline?.attach(form, {
    save,
    resume(unsaved) {
      conflict = false;
      dirty = unsaved;
    },
  });
})();
