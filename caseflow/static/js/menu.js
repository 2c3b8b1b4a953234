/* caseflow's own small script (issue 17), served from 'self' under the CSP. Every page works
   without it: the top bar's menu is a native <details> disclosure, and the error summary is
   at the top of the form it describes. It only adds what a script does better:
   - the menu closes on Escape (the focus back on its button) and on a tap elsewhere;
   - on wide screens it is kept open, for browsers whose stylesheet cannot show a closed
     <details> (no ::details-content): there the button is hidden and the links shown;
   - a form sent back with errors puts the focus on its summary, so that a screen reader
     reads what to correct and a phone shows it, whatever the page scrolled to. */
(function () {
  "use strict";

  var WIDE = "(min-width: 37.5rem)"; /* the stylesheet's 600 px */

  function foldMenu() {
    var menu = document.getElementById("topbar-menu");
    if (!menu || !window.matchMedia) {
      return;
    }
    var summary = menu.querySelector("summary");
    var wide = window.matchMedia(WIDE);

    function fit() {
      menu.open = wide.matches;
    }

    // At load only open it on a wide screen: never close a menu the user already opened on
    // a phone while this script was still loading.
    if (wide.matches) {
      menu.open = true;
    }
    if (wide.addEventListener) {
      wide.addEventListener("change", fit);
    } else if (wide.addListener) {
      wide.addListener(fit);
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        summary.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !wide.matches && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }

  function focusErrors() {
    var box = document.getElementById("error-summary");
    if (box) {
      if (!box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "-1");
      }
      box.focus();
    }
  }

  foldMenu();
  focusErrors();
}());
