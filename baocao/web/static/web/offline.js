// Offline editing (docs/offline.md). Loaded on every page, before editor.js.
// - For a signed-in user it registers the service worker (/sw.js), which keeps the app shell
//   and the editor pages the user opened, so an editor reloads without a network.
// - The data of one user only: when another user signs in, the cached editor pages and the
//   drafts kept for the previous one are deleted; a page seen by nobody signed in (the sign-in
//   page) deletes the cached pages. Signing out also sends Clear-Site-Data.
// - On the editor (attached by editor.js): when the server cannot be reached, the autosave
//   keeps the form in IndexedDB (keyed by user and report) instead; a bar says how many
//   changes are not yet synchronised and which. When the server answers again, the same
//   autosave posts them with the version they were based on: saved → "Đã đồng bộ lúc HH:MM";
//   someone saved meanwhile (409) → what they and you changed, and the choice to keep yours
//   (put on top of the new version) or discard them. The copy on this computer is kept
//   until one of them succeeds.
// Without JavaScript, or without IndexedDB, the editor works as before.
(() => {
  "use strict";
  const script = document.currentScript;
  const user = script?.dataset.user || "";
  const DB = "baocao-offline";
  const STORE = "reports";
  const PAGES = "baocao-pages";
  const OWNER = "baocao-owner";
  const SKIP = new Set(["csrfmiddlewaretoken", "version", "row"]);
  const RETRY_MS = 15000;
  const LIST_MAX = 12;

  // --- IndexedDB: one record per user and report ------------------------------------------
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: "key"});
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  const idb = (mode, work) => openDb().then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => { db.close(); resolve(request.result); };
    transaction.onerror = transaction.onabort = () => { db.close(); reject(transaction.error); };
  }));
  const getRecord = (key) => idb("readonly", (store) => store.get(key));
  const putRecord = (record) => idb("readwrite", (store) => store.put(record));
  const clearRecords = () => idb("readwrite", (store) => store.clear());

  // --- One user's data only ------------------------------------------------------------------
  async function forgetAll() {
    await Promise.all([
      window.caches ? caches.delete(PAGES) : null,
      window.indexedDB ? clearRecords().catch(() => null) : null,
    ]);
  }
  const ready = (async () => {
    if (!user) {
      if (window.caches) await caches.delete(PAGES);
      return;
    }
    const owner = localStorage.getItem(OWNER);
    if (owner !== null && owner !== user) await forgetAll();
    localStorage.setItem(OWNER, user);
    if ("serviceWorker" in navigator && script.dataset.sw && window.isSecureContext) {
      await navigator.serviceWorker.register(script.dataset.sw, {scope: "/"}).catch(() => null);
    }
  })().catch(() => null);

  // --- The editor's form as plain data -------------------------------------------------------
  // A state is {version, fields: {name: value}, rows: [{key, section}]} (rows in page order).
  function fromData(data) {
    const fields = {};
    for (const [name, value] of data) {
      if (!SKIP.has(name) && typeof value === "string") fields[name] = value;
    }
    const rows = data.getAll("row").map((key) => ({
      key: String(key), section: String(data.get(`row-${key}-section`) ?? ""),
    }));
    return {version: Number(data.get("version")), fields, rows};
  }
  const snapshot = (form) => fromData(new FormData(form));

  const E = {form: null, api: null, bar: null, key: "", base: null, pending: false,
    unreachable: false, fresh: null, retry: null};
  const msg = (name) => E.bar?.dataset[`msg${name}`] || "";

  function sectionList(section) {
    return document.getElementById(`section-${section || "other"}`)?.querySelector("ol.rows");
  }

  function makeRow(key, section) {
    const hidden = (name, value) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      return input;
    };
    const li = document.createElement("li");
    li.className = "row";
    li.id = `row-${key}`;
    const label = document.createElement("label");
    label.className = "visually-hidden";
    label.htmlFor = `text-${key}`;
    label.textContent = msg("Item");
    const area = document.createElement("textarea");
    area.id = `text-${key}`;
    area.name = `row-${key}-text`;
    area.rows = 2;
    area.maxLength = 5000;
    const tools = document.createElement("div");
    tools.className = "row-tools";
    const check = document.createElement("label");
    check.className = "check";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = `row-${key}-continuing`;
    box.value = "1";
    check.append(box, ` ${msg("Continuing")}`);
    tools.append(check);
    li.append(hidden("row", key), hidden(`row-${key}-id`, ""), hidden(`row-${key}-section`, section),
      label, area, tools);
    return li;
  }

  // Put a state into the form: rows created, moved or removed, then every field's value.
  function apply(state) {
    const form = E.form;
    const wanted = new Set(state.rows.map((row) => row.key));
    for (const li of form.querySelectorAll("li.row")) {
      const key = li.querySelector("input[name=row]")?.value;
      if (key && !wanted.has(key) && !li.hidden) li.remove();
    }
    for (const {key, section} of state.rows) {
      const list = sectionList(section);
      if (!list) continue;
      list.append(document.getElementById(`row-${key}`) || makeRow(key, section));
    }
    for (const field of form.elements) {
      if (!field.name || SKIP.has(field.name) || field.disabled) continue;
      if (field.type === "submit" || field.type === "button") continue;
      if (field.type === "checkbox") field.checked = state.fields[field.name] === field.value;
      else if (field.name in state.fields) field.value = state.fields[field.name];
    }
    form.querySelector("input[name=version]").value = state.version;
  }

  // --- What changed between two states, in words ---------------------------------------------
  function groupOf(name) {
    const row = /^row-(.+)-(text|id|section|continuing)$/.exec(name);
    if (row) return `row:${row[1]}`;
    const value = /^(?:value|note|estimate|reason)-(\d+)$/.exec(name);
    if (value) return `value:${value[1]}`;
    return name;
  }
  const labelText = (id) => document.querySelector(`label[for="${id}"]`)?.textContent.trim() || "";
  function sectionTitle(section) {
    const legend = document.getElementById(`section-${section || "other"}`)?.querySelector("legend");
    return (legend?.textContent || "").replace(/\s*\*\s*$/, "").trim();
  }
  function excerpt(textValue) {
    const flat = (textValue || "").replace(/\s+/g, " ").trim();
    return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
  }
  function describe(group, from, to) {
    if (group.startsWith("row:")) {
      const key = group.slice(4);
      const row = to.rows.find((r) => r.key === key) || from.rows.find((r) => r.key === key);
      const title = sectionTitle(row?.section);
      const removed = !to.rows.some((r) => r.key === key);
      const words = excerpt((removed ? from : to).fields[`row-${key}-text`]);
      if (removed) return `${title}: ${msg("Removed")} “${words}”`;
      return words ? `${title}: “${words}”` : `${title}: ${msg("Item")}`;
    }
    if (group.startsWith("value:")) return labelText(`value-${group.slice(6)}`);
    if (group.startsWith("order:")) return `${sectionTitle(group.slice(6))}: ${msg("Order")}`;
    return labelText(`id_${group}`) || group;
  }
  function changes(from, to) {
    const groups = new Map();
    const names = new Set([...Object.keys(from.fields), ...Object.keys(to.fields)]);
    for (const name of names) {
      if (from.fields[name] === to.fields[name]) continue;
      const group = groupOf(name);
      if (!groups.has(group)) groups.set(group, describe(group, from, to));
    }
    // an item moved up or down changes no field, only the order in its section
    const order = (state, keep) => state.rows.filter((r) => keep.has(r.key))
      .map((r) => `${r.section}/${r.key}`).join(",");
    const fromKeys = new Set(from.rows.map((r) => r.key));
    const both = new Set(to.rows.map((r) => r.key).filter((key) => fromKeys.has(key)));
    if (order(from, both) !== order(to, both)) {
      const sections = new Set(to.rows.filter((r) => both.has(r.key)).map((r) => r.section));
      for (const section of sections) {
        const keys = new Set(to.rows.filter((r) => both.has(r.key) && r.section === section)
          .map((r) => r.key));
        if (order(from, keys) !== order(to, keys) && !groups.has(`order:${section}`)) {
          groups.set(`order:${section}`, describe(`order:${section}`, from, to));
        }
      }
    }
    return [...groups.values()];
  }

  function fill(list, labels) {
    list.replaceChildren(...labels.slice(0, LIST_MAX).map((label) => {
      const li = document.createElement("li");
      li.textContent = label;
      return li;
    }));
    if (labels.length > LIST_MAX) {
      const li = document.createElement("li");
      li.textContent = msg("More").replace("{n}", labels.length - LIST_MAX);
      list.append(li);
    }
  }

  // --- The bar -------------------------------------------------------------------------------
  function showOffline(labels, offline = true) {
    if (!E.bar) return;
    E.bar.hidden = false;
    E.bar.dataset.state = offline ? "offline" : "pending";
    E.bar.querySelector(".offline-summary").textContent =
      msg(offline ? "Offline" : "Pending").replace("{n}", labels.length);
    const list = E.bar.querySelector(".offline-list");
    fill(list, labels);
    list.hidden = !labels.length;
  }
  function showNote(text, state) {
    if (!E.bar) return;
    E.bar.hidden = false;
    E.bar.dataset.state = state;
    E.bar.querySelector(".offline-summary").textContent = text;
    E.bar.querySelector(".offline-list").hidden = true;
  }
  const isOffline = () => !navigator.onLine || E.unreachable;

  function scheduleRetry() {
    clearTimeout(E.retry);
    E.retry = setTimeout(() => {
      if (E.pending && navigator.onLine) E.api.save();
      if (E.pending) scheduleRetry();
    }, RETRY_MS);
  }

  // --- Hooks called by editor.js -------------------------------------------------------------
  // Keep the form on this computer (the server could not be reached); say so. Returns the
  // message for the editor's status, or "" when nothing could be kept (no IndexedDB).
  async function keep({unreachable = true} = {}) {
    if (!E.form || !window.indexedDB) return "";
    const state = snapshot(E.form);
    try {
      await putRecord({key: E.key, base: E.base, state, pending: true, savedAt: Date.now()});
    } catch {
      return "";
    }
    E.pending = true;
    if (unreachable) {
      E.unreachable = true;
      scheduleRetry();
    }
    showOffline(changes(E.base, state), isOffline());
    return msg("Kept");
  }

  // The CSRF token of a page taken from the cache may be old: the cookie's is current.
  function prepare(data) {
    const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    if (token) data.set("csrfmiddlewaretoken", decodeURIComponent(token.slice(10)));
  }

  function saved(data, body) {
    const state = fromData(data);
    state.version = Number(body.version);
    for (const [key, id] of Object.entries(body.ids || {})) state.fields[`row-${key}-id`] = String(id);
    E.base = state;
    const synchronised = E.pending || E.unreachable;
    E.pending = false;
    E.unreachable = false;
    clearTimeout(E.retry);
    hideConflict();
    // The copy kept for a reload without network is now the saved state, with nothing pending.
    putRecord({key: E.key, base: state, state: null, pending: false, savedAt: Date.now()})
      .catch(() => null);
    if (synchronised) showNote(msg("Synced").replace("{time}", body.saved_at || ""), "synced");
  }

  // A save the server refused: 409 is someone else's save meanwhile; any other answer (the
  // session expired, invalid input, a server error) keeps the copy here so nothing is lost.
  async function failed(status, body) {
    if (status === 409) return conflict(body);
    await keep({unreachable: status >= 500 || !status});
  }

  // --- A version conflict --------------------------------------------------------------------
  async function fetchServer() {
    const response = await fetch(window.location.pathname,
      {credentials: "same-origin", cache: "no-store"});
    if (!response.ok || response.redirected) throw new Error(String(response.status));
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const other = doc.getElementById("editor");
    if (!other) throw new Error("no editor");
    return fromData(new FormData(other));
  }

  function hideConflict() {
    const panel = document.getElementById("offline-conflict");
    if (panel) panel.hidden = true;
    E.fresh = null;
  }

  async function conflict(body) {
    E.unreachable = false;
    await keep({unreachable: false});
    const panel = document.getElementById("offline-conflict");
    if (!panel) return;
    panel.querySelector(".conflict-message").textContent = body.message || "";
    const mine = changes(E.base, snapshot(E.form));
    let theirs = [];
    try {
      E.fresh = await fetchServer();
      theirs = changes(E.base, E.fresh);
    } catch {
      E.fresh = null;
    }
    const both = theirs.filter((label) => mine.includes(label));
    fill(panel.querySelector(".conflict-theirs"), theirs);
    fill(panel.querySelector(".conflict-mine"), mine);
    fill(panel.querySelector(".conflict-both"), both);
    panel.querySelector(".conflict-both-block").hidden = !both.length;
    panel.querySelector(".conflict-theirs-block").hidden = !theirs.length;
    panel.querySelector("button[value=keep]").disabled = !E.fresh;
    panel.querySelector("button[value=discard]").disabled = !E.fresh;
    panel.hidden = false;
    showOffline(mine);
    E.bar.dataset.state = "conflict";
    E.bar.querySelector(".offline-summary").textContent =
      msg("Conflict").replace("{n}", mine.length);
    panel.focus();
  }

  // Their version with my changes on top: fields I changed take my value, items I removed go,
  // items I added (or edited after they removed them) are added to their field.
  function merge(base, theirs, mine) {
    const fields = {...theirs.fields};
    const names = new Set([...Object.keys(base.fields), ...Object.keys(mine.fields)]);
    for (const name of names) {
      if (base.fields[name] === mine.fields[name]) continue;
      if (name in mine.fields) fields[name] = mine.fields[name];
      else delete fields[name];
    }
    const baseKeys = new Set(base.rows.map((r) => r.key));
    const mineKeys = new Set(mine.rows.map((r) => r.key));
    const theirKeys = new Set(theirs.rows.map((r) => r.key));
    const touched = (key) => Object.keys({...base.fields, ...mine.fields})
      .some((name) => groupOf(name) === `row:${key}` && base.fields[name] !== mine.fields[name]);
    const rows = theirs.rows
      .filter((r) => !(baseKeys.has(r.key) && !mineKeys.has(r.key)))
      .map((r) => ({key: r.key, section: fields[`row-${r.key}-section`] ?? r.section}));
    for (const row of mine.rows) {
      if (theirKeys.has(row.key)) continue;
      if (baseKeys.has(row.key)) {
        if (!touched(row.key)) continue;  // they removed it and I did not change it
        fields[`row-${row.key}-id`] = "";  // they removed it, I changed it: it comes back
      }
      rows.push(row);
    }
    return {version: theirs.version, fields, rows};
  }

  async function keepMine() {
    if (!E.fresh) return;
    const merged = merge(E.base, E.fresh, snapshot(E.form));
    E.base = E.fresh;
    apply(merged);
    hideConflict();
    await keep({unreachable: false});
    showNote(msg("Rebased"), "syncing");
    E.api.resume(true);
    E.api.save();
  }

  async function discard() {
    if (!E.fresh) return;
    apply(E.fresh);
    E.base = E.fresh;
    E.pending = false;
    E.unreachable = false;
    hideConflict();
    await putRecord({key: E.key, base: E.base, state: null, pending: false, savedAt: Date.now()})
      .catch(() => null);
    E.api.resume(false);
    showNote(msg("Discarded"), "synced");
  }

  // --- Working offline: the form's buttons ---------------------------------------------------
  function offlineSubmit(event) {
    if (event.target !== E.form || !isOffline()) return;
    event.preventDefault();
    event.stopPropagation();
    const button = event.submitter;
    if (button?.name === "add") {
      const section = button.value === "None" ? "" : button.value;
      const li = makeRow(`off${Date.now()}`, section);
      sectionList(section)?.append(li);
      li.querySelector("textarea").focus();
    } else if (button?.name === "move") {
      const [key, direction] = button.value.split(/:(?=[^:]*$)/);
      const li = document.getElementById(`row-${key}`);
      let other = direction === "up" ? li?.previousElementSibling : li?.nextElementSibling;
      while (other && !other.matches("li.row:not([hidden])")) {
        other = direction === "up" ? other.previousElementSibling : other.nextElementSibling;
      }
      if (other) {
        if (direction === "up") other.before(li);
        else other.after(li);
        button.focus();
      }
    } else if (!button || button.name === "save") {
      E.api.save();  // "Lưu" offline: kept on this computer, like an autosave
      return;
    } else {
      showOffline(changes(E.base, snapshot(E.form)));
      E.bar.querySelector(".offline-summary").textContent += ` ${msg("NeedNetwork")}`;
      if (navigator.onLine) E.api.save();
      return;
    }
    E.form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function cachePage() {
    if (!("serviceWorker" in navigator) || !window.caches || !window.isSecureContext) {
      return Promise.resolve();
    }
    // A page opened before the worker was running was not seen by it: keep it now.
    const path = window.location.pathname;
    return navigator.serviceWorker.ready
      .then(() => caches.open(PAGES))
      .then(async (cache) => (await cache.match(path)) || cache.add(path))
      .catch(() => null);
  }

  async function attach(form, api) {
    E.form = form;
    E.api = api;
    E.bar = document.getElementById("offline-bar");
    E.key = `${user}:${window.location.pathname}`;
    E.base = snapshot(form);
    document.addEventListener("submit", offlineSubmit, true);
    await ready;
    let record = null;
    try {
      record = window.indexedDB ? await getRecord(E.key) : null;
    } catch {
      record = null;
    }
    if (record?.pending && record.state) {
      // typed here and not yet synchronised: shown again, then synchronised when possible
      apply(record.state);
      E.base = record.base;
      E.pending = true;
      showOffline(changes(E.base, record.state));
      if (navigator.onLine) api.save();
      else E.unreachable = true;
    } else if (record?.base && record.base.version > E.base.version) {
      // this page came from the cache and is older than what was last saved from here
      apply(record.base);
      E.base = snapshot(form);
    }
    if (!navigator.onLine && E.bar?.hidden) showOffline(changes(E.base, snapshot(form)));
    window.addEventListener("online", () => {
      E.unreachable = false;
      if (E.fresh) return;  // a conflict waits for the user's choice
      if (E.pending) {
        showNote(msg("Syncing"), "syncing");
        api.save();
      } else if (E.bar?.dataset.state === "offline") {
        E.bar.hidden = true;
      }
    });
    window.addEventListener("offline", () => {
      showOffline(changes(E.base, snapshot(form)));
    });
    document.getElementById("offline-conflict")?.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (button?.value === "keep") keepMine();
      else if (button?.value === "discard") discard();
    });
    await cachePage();
    document.documentElement.dataset.offline = "ready";
  }

  // The sign-out button: warn when changes kept here were never synchronised (they go).
  let leaving = false;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (leaving || !script.dataset.logout || form.getAttribute("action") !== script.dataset.logout) {
      return;
    }
    event.preventDefault();
    const records = window.indexedDB
      ? idb("readonly", (store) => store.getAll()).catch(() => []) : Promise.resolve([]);
    records.then((all) => {
      const count = all.filter((record) => record.pending).length;
      if (count && !window.confirm(script.dataset.msgLogout.replace("{n}", count))) return;
      leaving = true;
      form.requestSubmit(event.submitter || undefined);
    });
  });

  window.baocaoOffline = {
    attach,
    prepare,
    saved,
    failed,
    keep,
    offline: () => !navigator.onLine,
  };
})();
