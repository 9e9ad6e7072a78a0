// A job's progress page: poll its JSON status, move the bar, reload once it is finished
// (the page then shows the download link or the error). Without JavaScript the page refreshes.
(function () {
  "use strict";
  var box = document.querySelector(".job-progress");
  if (!box || box.getAttribute("data-finished") === "1") return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-job-percent]");
  var note = box.querySelector("[data-job-note]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(poll, 5000); return; }
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        percent.textContent = data.percent;
        note.textContent = data.note || "";
        if (data.finished) { window.location.reload(); return; }
        setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
