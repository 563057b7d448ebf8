// Drag an answer onto a cluster: sets the answer's "Legg i gruppe" select and submits its
// form, so dragging does exactly what the no-JavaScript form does.
(function () {
  "use strict";
  var dragged = null;
  document.querySelectorAll(".dk-answer[draggable='true']").forEach(function (item) {
    item.addEventListener("dragstart", function (event) {
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.answer);
    });
  });
  document.querySelectorAll("[data-cluster]").forEach(function (zone) {
    zone.addEventListener("dragover", function (event) {
      if (dragged) { event.preventDefault(); zone.classList.add("dk-over"); }
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dk-over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("dk-over");
      if (!dragged) { return; }
      var form = dragged.querySelector(".dk-group-form");
      form.querySelector("select[name='cluster']").value = zone.dataset.cluster;
      dragged = null;
      form.requestSubmit();
    });
  });
})();
