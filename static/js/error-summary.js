// Progressive enhancement: when a page comes back with form errors, move the focus to the
// error summary, so that screen readers read it first and keyboard users start at the
// list of links to the fields. Without JavaScript the summary is still at the top.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (summary && !window.location.hash) {
    summary.focus();
  }
})();
