/* Koppel: show the urgency Koppel proposes while a school ticks the needs.
   The server renders the same text; this only keeps it current without a reload. */
(function () {
  "use strict";
  var output = document.getElementById("priority-proposal");
  if (!output) { return; }
  var urgent = output.dataset.urgentNeeds.split(" ");
  var high = output.dataset.highNeeds.split(" ");
  var boxes = document.querySelectorAll("input[name=needs]");

  function chosen() {
    return Array.prototype.filter.call(boxes, function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  function anyOf(needs, group) {
    return needs.some(function (need) { return group.indexOf(need) >= 0; });
  }

  function update() {
    var needs = chosen();
    var key = "none";
    if (needs.length) {
      key = anyOf(needs, urgent) ? "urgent" : anyOf(needs, high) ? "high" : "normal";
    }
    output.textContent = output.dataset["text" + key.charAt(0).toUpperCase() + key.slice(1)];
  }

  Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", update); });
}());
