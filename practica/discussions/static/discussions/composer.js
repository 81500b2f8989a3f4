/* The Markdown composer, as progressive enhancement: every form works without this file.
 *
 * - reveals the formatting toolbar (a roving-tabindex ARIA toolbar of real buttons);
 * - shows research-call fields only for research calls;
 * - @mention suggestions: a listbox under the text area, arrow keys to move, Enter or Tab to choose, Escape to
 *   close (the text area keeps focus and points at the active option with aria-activedescendant; the Mention
 *   button carries aria-expanded);
 * - on a topic page, "Reply" and "Quote" fill the reply composer instead of opening the reply page; Quote
 *   quotes just the selected text of that post when there is a selection;
 * - "Edit my post" in the client-confidentiality warning puts the cursor in the text area.
 * Words shown to people come from data-text-* attributes rendered (and translated) by the templates.
 */
(function () {
  "use strict";
  if (window.practicaComposer) return;
  window.practicaComposer = true;

  function fireInput(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function replaceSelection(textarea, before, after, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var chosen = textarea.value.slice(start, end) || placeholder || "";
    textarea.setRangeText(before + chosen + after, start, end, "end");
    textarea.setSelectionRange(start + before.length, start + before.length + chosen.length);
    textarea.focus();
    fireInput(textarea);
  }

  function prefixLines(textarea, prefixFor) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = value.indexOf("\n", textarea.selectionEnd);
    if (end === -1) end = value.length;
    var lines = value.slice(start, end).split("\n").map(function (line, index) {
      return prefixFor(index) + line;
    });
    textarea.setRangeText(lines.join("\n"), start, end, "select");
    textarea.focus();
    fireInput(textarea);
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart;
    var needsBreak = start > 0 && textarea.value.slice(0, start).slice(-2) !== "\n\n";
    var prefix = needsBreak ? (textarea.value.slice(0, start).slice(-1) === "\n" ? "\n" : "\n\n") : "";
    textarea.setRangeText(prefix + text, start, textarea.selectionEnd, "end");
    textarea.focus();
    fireInput(textarea);
  }

  var ACTIONS = {
    bold: function (t) { replaceSelection(t, "**", "**"); },
    italic: function (t) { replaceSelection(t, "_", "_"); },
    link: function (t, composer) { replaceSelection(t, "[", "](https://)", composer.dataset.textLink); },
    quote: function (t) { prefixLines(t, function () { return "> "; }); },
    bullets: function (t) { prefixLines(t, function () { return "- "; }); },
    numbers: function (t) { prefixLines(t, function (i) { return (i + 1) + ". "; }); },
    mention: function (t) {
      var before = t.value.slice(0, t.selectionStart);
      var space = before === "" || /\s$/.test(before) ? "" : " ";
      replaceSelection(t, space + "@", "");
    },
  };

  function setUpToolbar(composer, textarea) {
    var toolbar = composer.querySelector("[data-composer-toolbar]");
    if (!toolbar) return;
    toolbar.hidden = false;
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (!button) return;
      ACTIONS[button.dataset.md](textarea, composer);
    });
    // An ARIA toolbar is one tab stop; arrow keys, Home and End move between its buttons.
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (b, i) { b.tabIndex = i === next ? 0 : -1; });
      buttons[next].focus();
    });
  }

  function setUpMentions(composer, textarea) {
    var url = textarea.dataset.mentionUrl;
    var box = composer.querySelector("[data-mention-box]");
    var status = composer.querySelector("[data-mention-status]");
    var button = composer.querySelector('[data-md="mention"]');
    if (!url || !box) return;
    var state = { open: false, active: -1, query: null, timer: null, request: 0 };
    textarea.setAttribute("aria-autocomplete", "list");
    // A linked topic can go to another community: suggest people who can see the one chosen now.
    var communityChoice = textarea.form && textarea.form.querySelector('select[name="community"]');
    function placeUrl() {
      if (communityChoice && communityChoice.value) {
        return url.split("?")[0] + "?community=" + encodeURIComponent(communityChoice.value);
      }
      return url;
    }

    function options() { return Array.prototype.slice.call(box.querySelectorAll('[role="option"]')); }

    function close() {
      state.open = false;
      state.active = -1;
      box.hidden = true;
      box.innerHTML = "";
      textarea.removeAttribute("aria-activedescendant");
      textarea.removeAttribute("aria-controls");
      if (button) button.setAttribute("aria-expanded", "false");
    }

    function activate(index) {
      var all = options();
      if (!all.length) return;
      state.active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === state.active ? "true" : "false"); });
      textarea.setAttribute("aria-activedescendant", all[state.active].id);
      all[state.active].scrollIntoView({ block: "nearest" });
    }

    function choose(option) {
      var end = textarea.selectionStart;
      var match = /@([a-z0-9._-]*)$/i.exec(textarea.value.slice(0, end));
      if (!match) return close();
      textarea.setRangeText("@" + option.dataset.handle + " ", end - match[0].length, end, "end");
      close();
      textarea.focus();
      fireInput(textarea);
    }

    function currentQuery() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|[\s([{])@([a-z0-9._-]{0,38})$/i.exec(before);
      return match ? match[2] : null;
    }

    function lookUp() {
      var query = currentQuery();
      if (query === null) return close();
      if (query === state.query && state.open) return;
      state.query = query;
      var ticket = ++state.request;
      var address = placeUrl() + "&q=" + encodeURIComponent(query) + "&listbox=" + encodeURIComponent(box.id);
      fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (ticket !== state.request) return;
          box.innerHTML = html;
          var count = options().length;
          if (!count) {
            close();
            status.textContent = composer.dataset.textNoSuggestions;
            return;
          }
          state.open = true;
          box.hidden = false;
          textarea.setAttribute("aria-controls", box.querySelector('[role="listbox"]').id);
          if (button) button.setAttribute("aria-expanded", "true");
          activate(0);
          status.textContent = count + " " + composer.dataset.textSuggestions;
        })
        .catch(close);
    }

    textarea.addEventListener("input", function () {
      clearTimeout(state.timer);
      state.timer = setTimeout(lookUp, 200);
    });
    textarea.addEventListener("keydown", function (event) {
      if (!state.open) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        activate(state.active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        var chosen = options()[state.active];
        if (chosen) {
          event.preventDefault();
          choose(chosen);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 200); });
    // mousedown, not click: choosing with the pointer must not take focus from the text area first.
    box.addEventListener("mousedown", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
  }

  function setUpResearchFields(form) {
    var fieldset = form.querySelector("[data-research-fields]");
    var radios = form.querySelectorAll("input[data-topic-kind]");
    if (!fieldset || !radios.length) return;
    var note = fieldset.querySelector("[data-research-note]");
    function update() {
      var checked = form.querySelector("input[data-topic-kind]:checked");
      var research = checked && checked.value === "research";
      fieldset.hidden = !research;
      if (note) note.hidden = true;
      fieldset.querySelectorAll("input, textarea").forEach(function (field) {
        if (research) field.setAttribute("aria-required", "true");
        else field.removeAttribute("aria-required");
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  function setUpComposer(composer) {
    var textarea = composer.querySelector("[data-composer-body]");
    if (!textarea || composer.dataset.ready) return;
    composer.dataset.ready = "1";
    setUpToolbar(composer, textarea);
    setUpMentions(composer, textarea);
    var form = composer.closest("form");
    if (form) setUpResearchFields(form);
  }

  // Reply and Quote on a topic page that has the reply composer.
  var lastSelection = { text: "", article: null };

  function rememberSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    lastSelection = { text: selection.toString().trim(), article: element && element.closest("article") };
  }

  function replyComposer() {
    var form = document.querySelector("form[data-reply-form]");
    return form && form.querySelector("[data-composer-body]");
  }

  function pointReplyAt(link) {
    var textarea = replyComposer();
    var form = textarea.closest("form");
    var composer = textarea.closest("[data-composer]");
    var hidden = form.querySelector('input[name="reply_to"]');
    var note = form.querySelector("[data-reply-note]");
    if (hidden) hidden.value = link.dataset.replyTo || link.dataset.quote;
    if (note) {
      note.textContent = composer.dataset.textReplying + " #" + link.dataset.number + " (" + link.dataset.author + ")";
      note.hidden = false;
    }
    return textarea;
  }

  document.addEventListener("selectionchange", rememberSelection);
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest("a[data-quote]")) rememberSelection();
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to], a[data-quote]");
    if (!link || !replyComposer()) return;
    var article = link.closest("article");
    if (link.dataset.quote !== undefined && !link.dataset.replyTo) {
      var selection = lastSelection;
      // Without a selection in this post, the reply page quotes the whole post from its Markdown.
      if (!selection.text || !article || selection.article !== article) return;
      event.preventDefault();
      var textarea = pointReplyAt(link);
      var quote = "> **" + link.dataset.author + "** wrote in [#" + link.dataset.number + "](" + link.dataset.url + "):\n>\n";
      quote += selection.text.split("\n").map(function (line) { return ("> " + line).trimEnd(); }).join("\n") + "\n\n";
      insertAtCursor(textarea, quote);
      lastSelection = { text: "", article: null };
      return;
    }
    event.preventDefault();
    pointReplyAt(link).focus();
  });

  // "Edit my post" in the confidentiality warning: a link to the text area, which following it only scrolls to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-confidentiality-edit]");
    var textarea = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!textarea) return;
    event.preventDefault();
    textarea.focus();
  });

  function setUpAll(root) {
    (root || document).querySelectorAll("[data-composer]").forEach(setUpComposer);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setUpAll(); });
  else setUpAll();
  document.addEventListener("htmx:load", function (event) { setUpAll(event.target); });
})();
