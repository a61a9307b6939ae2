/* The admin's rich-text editor (django-prose-editor) for screen reader and keyboard users,
   in German: the toolbar's buttons get German names (the library names them in English
   and does not translate them), toggle buttons say whether they are on (aria-pressed), and
   the writing area takes the field's label, help text and error state from the textarea
   it replaces. The editor builds and rebuilds its toolbar itself, so changes are watched. */
(function () {
  "use strict";
  var NAMES = {
    "bold": "Fett",
    "italic": "Kursiv",
    "paragraph": "Absatz",
    "Paragraph": "Absatz",
    "unordered list": "Aufzählung",
    "ordered list": "Nummerierte Liste",
    "blockquote": "Zitat",
    "insert link": "Link einfügen oder bearbeiten",
    "remove link": "Link entfernen",
    "undo": "Rückgängig",
    "redo": "Wiederholen"
  };
  var HEADING = /^heading (\d)$/i;
  // The buttons whose "active" class the library keeps up to date (not the lists').
  var TOGGLES = ["bold", "italic", "blockquote"];

  function german(name) {
    var heading = HEADING.exec(name || "");
    return heading ? "Überschrift " + heading[1] : NAMES[name];
  }

  function rename(wrapper) {
    wrapper.querySelectorAll(".prose-menubar [aria-label], .prose-menubar [title]").forEach(
      function (element) {
        ["aria-label", "title"].forEach(function (attribute) {
          var name = german(element.getAttribute(attribute));
          if (name) {
            element.setAttribute(attribute, name);
          }
        });
      }
    );
    wrapper.querySelectorAll(".prose-menubar__option > *").forEach(function (element) {
      var name = german(element.textContent.trim());
      if (name) {
        element.textContent = name;
      }
    });
    wrapper.querySelectorAll(".prose-menubar__button[data-name]").forEach(function (button) {
      if (TOGGLES.indexOf(button.dataset.name) !== -1) {
        button.setAttribute("aria-pressed", String(button.classList.contains("active")));
      }
    });
  }

  function describe(wrapper, textarea) {
    var area = wrapper.querySelector("[contenteditable]");
    var label = textarea.id && document.querySelector("label[for='" + textarea.id + "']");
    if (!area) {
      return;
    }
    if (label) {
      area.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
    }
    area.setAttribute("aria-multiline", "true");
    ["aria-describedby", "aria-invalid"].forEach(function (attribute) {
      if (textarea.hasAttribute(attribute)) {
        area.setAttribute(attribute, textarea.getAttribute(attribute));
      }
    });
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var textarea = event.target;
    var wrapper = textarea.closest(".prose-editor");
    if (!wrapper) {
      return;
    }
    var observer = new MutationObserver(function () {
      rename(wrapper);
      describe(wrapper, textarea);
    });
    observer.observe(wrapper, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "title"]
    });
    rename(wrapper);
    describe(wrapper, textarea);
  });
})();
