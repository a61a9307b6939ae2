/* The admin's search-as-you-type fields (autocomplete_fields, built by select2) for screen
   reader users. select2 hides the <select> that the field's label names and builds its own
   controls: a selection box named only by the chosen entry (nothing while empty) and a
   search field without any name. Both take the field's label. This script is deferred, so
   its "ready" callback runs after the admin's, which sets up select2; rows added to an
   inline later are set up by the admin first and named here next. */
(function () {
  "use strict";
  if (!window.django || !window.django.jQuery) {
    return; // a page without the admin's form scripts has no select2
  }
  var $ = window.django.jQuery;

  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = select.id + "_label";
    }
    return label;
  }

  function name(select) {
    var select2 = $(select).data("select2");
    var label = labelOf(select);
    if (!select2 || !label) {
      return;
    }
    var selection = select2.$container.find(".select2-selection");
    // Single choice: "Partner" and then the chosen entry (shown in a read-only textbox
    // that select2 names by nothing but its text, which is empty until a choice is made).
    var chosen = selection.attr("aria-labelledby");
    selection.attr("aria-labelledby", chosen ? label.id + " " + chosen : label.id);
    if (chosen) {
      $(document.getElementById(chosen)).attr("aria-labelledby", label.id);
    }
    // The search field inside the box (several choices) and in the drop-down (one choice).
    select2.$container.add(select2.$dropdown).find(".select2-search__field")
      .attr("aria-labelledby", label.id);
    // An open combobox names its list with aria-controls (ARIA 1.2); select2 sets only the
    // older aria-owns.
    $(select).on("select2:open", function () {
      selection.attr("aria-controls", selection.attr("aria-owns"));
    }).on("select2:close", function () {
      selection.removeAttr("aria-controls");
    });
  }

  function nameAll(root) {
    $(root).find("select.admin-autocomplete").not("[name*=__prefix__]").each(function () {
      name(this);
    });
  }

  $(function () {
    nameAll(document);
  });
  document.addEventListener("formset:added", function (event) {
    nameAll(event.target);
  });
})();
