/* Koppel: a matching run that is not done yet. Polls the run's progress JSON (the
   URL in #run-progress[data-progress-url]) every few seconds, shows the phase and the
   counts, and reloads the page once the run is done or has failed, so that the page
   then shows the proposals or the reason. Without JavaScript the page offers a link. */
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var url = box.dataset.progressUrl;
  var every = 2000;

  function show(name, value) {
    var field = box.querySelector('[data-field="' + name + '"]');
    if (field && value !== null && value !== undefined) { field.textContent = String(value); }
  }

  function showRegions(regions) {
    var body = box.querySelector('[data-field="regions"]');
    if (!body || !regions) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    regions.forEach(function (region) {
      var row = document.createElement("tr");
      [region.name, region.pupils, region.volunteers].forEach(function (value, k) {
        var cell = document.createElement("td");
        cell.textContent = String(value);
        if (k > 0) { cell.className = "number"; }
        row.appendChild(cell);
      });
      body.appendChild(row);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        if (status.done || status.failed) { window.location.reload(); return; }
        show("phase", status.phase);
        show("pupils", status.pupils);
        show("volunteers", status.volunteers);
        show("feasible_pairs", status.feasible_pairs);
        showRegions(status.regions);
        window.setTimeout(poll, every);
      })
      .catch(function () { window.setTimeout(poll, every * 3); });
  }

  if (box.querySelector('[data-field="failure"]')) { return; }
  window.setTimeout(poll, every);
}());
