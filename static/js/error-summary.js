/* Progressive enhancement for forms with errors: move focus to the error summary so that
   screen reader and keyboard users learn about the errors at once, and let the summary's
   links focus the field they name (not just scroll to it). Works without this file, too. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (!summary) {
    return;
  }
  // A link to a fragment (#field) keeps its target; otherwise the summary comes first.
  if (!window.location.hash) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
