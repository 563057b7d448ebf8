// Wide tables scroll sideways inside their own box on a phone (.table-wrap). A box that
// scrolls must be reachable by keyboard (WCAG 2.1.1): give every box that overflows a tab
// stop and a name taken from its table's caption. Runs again after htmx swaps content.
(function () {
  "use strict";
  function label(wrap) {
    var caption = wrap.querySelector("caption");
    return caption ? caption.textContent.trim() : "";
  }
  function mark(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby") && label(wrap)) {
          wrap.setAttribute("aria-label", label(wrap));
        }
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { mark(document); });
  document.addEventListener("htmx:afterSettle", function (event) { mark(event.target); });
  window.addEventListener("resize", function () { mark(document); });
})();
