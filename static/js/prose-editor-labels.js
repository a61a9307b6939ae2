/* German names for the toolbar buttons of the admin's rich-text editor (django-prose-editor
   names them in English and does not translate them). Screen readers read the name
   (aria-label), mouse users see it as a tooltip (title). */
(function () {
  "use strict";
  var NAMES = {
    "bold": "Fett",
    "italic": "Kursiv",
    "paragraph": "Absatz",
    "unordered list": "Aufzählung",
    "ordered list": "Nummerierte Liste",
    "blockquote": "Zitat",
    "insert link": "Link einfügen oder bearbeiten",
    "remove link": "Link entfernen",
    "undo": "Rückgängig",
    "redo": "Wiederholen",
    "Toggle fullscreen": "Vollbild ein/aus"
  };
  var HEADING = /^heading (\d)$/;

  function german(name) {
    var heading = HEADING.exec(name || "");
    if (heading) {
      return "Überschrift " + heading[1];
    }
    return NAMES[name];
  }

  function rename(root) {
    root.querySelectorAll("[aria-label], [title]").forEach(function (element) {
      ["aria-label", "title"].forEach(function (attribute) {
        var name = german(element.getAttribute(attribute));
        if (name) {
          element.setAttribute(attribute, name);
        }
      });
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    rename(event.target.closest(".prose-editor") || document);
  });
})();
