// The main menu folds behind a «Meny» button on a phone, so that the page's own content
// starts on the first screen. Without JavaScript the whole menu stays visible; on a wide
// screen it is always open. The button says whether the menu is open (aria-expanded).
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function setUp() {
    var button = document.getElementById("site-menu-button");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) { return; }
    function apply(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("site-nav--folded", narrow.matches && !open);
    }
    button.hidden = false;
    apply(false);
    button.addEventListener("click", function () {
      apply(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && button.getAttribute("aria-expanded") === "true") {
        apply(false);
        button.focus();
      }
    });
    narrow.addEventListener("change", function () { apply(false); });
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
