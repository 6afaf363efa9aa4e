/* The blogext theme's behaviour: the light/dark toggle, the menu of narrow
   screens, the page's table of contents folding with the window's width, and the
   language label of code blocks. Everything works without it; the inline script in <head> has already applied
   the reader's mode before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  var STORE = "blogext-theme";
  var systemDark = matchMedia("(prefers-color-scheme: dark)");
  var wide = matchMedia("(min-width: 75em)");
  var narrow = matchMedia("(max-width: 49.99em)");

  function store(mode) {
    try {
      if (mode) localStorage.setItem(STORE, mode);
      else localStorage.removeItem(STORE);
    } catch (error) { /* storage blocked: the choice lasts for this page */ }
  }

  function isDark() {
    var chosen = root.dataset.theme;
    return chosen ? chosen === "dark" : systemDark.matches;
  }

  function showMode() {
    document.querySelectorAll("[data-blogext-mode-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(isDark()));
    });
  }

  /* A choice equal to the system's setting is forgotten: the site then follows
     the system again, also when the system switches at dusk. */
  function toggleMode() {
    var dark = !isDark();
    if (dark === systemDark.matches) {
      delete root.dataset.theme;
      store(null);
    } else {
      root.dataset.theme = dark ? "dark" : "light";
      store(root.dataset.theme);
    }
    showMode();
  }

  function setMenu(open) {
    var button = document.querySelector(".bx-menu-button");
    if (!button) return;
    if (open) root.dataset.menu = "open";
    else delete root.dataset.menu;
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      /* the docs sidebar opens as a drawer under the header and its open menu */
      var bottom = document.querySelector(".bx-header").getBoundingClientRect().bottom;
      root.style.setProperty("--bx-drawer-top", Math.round(bottom) + "px");
    }
  }

  function foldToc() {
    document.querySelectorAll("details.bx-toc-fold").forEach(function (toc) {
      toc.open = wide.matches;
    });
  }

  /* a code block or table wider than the page scrolls: it takes the keyboard focus
     so that it can be scrolled without a pointer */
  function focusScrollers() {
    document.querySelectorAll(".bx-article pre, .bx-article table.docutils").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }

  /* Display names of Pygments lexers; "" for the ones that are no language. A lexer
     not listed shows under the name the author wrote. */
  var LANGUAGES = {
    default: "", none: "", text: "", plain: "", output: "", "": "",
    python: "Python", python3: "Python", py: "Python", py3: "Python", pycon: "Python",
    ipython: "IPython", ipython3: "IPython", console: "Console", shell: "Shell",
    "shell-session": "Console", sh: "Shell", bash: "Bash", zsh: "Zsh",
    powershell: "PowerShell", ps1: "PowerShell", bat: "Batch", yaml: "YAML", yml: "YAML",
    toml: "TOML", json: "JSON", jsonc: "JSON", ini: "INI", cfg: "INI", xml: "XML",
    html: "HTML", css: "CSS", javascript: "JavaScript", js: "JavaScript",
    typescript: "TypeScript", ts: "TypeScript", rst: "reST", md: "Markdown",
    markdown: "Markdown", sql: "SQL", dockerfile: "Dockerfile", docker: "Dockerfile",
    go: "Go", rust: "Rust", c: "C", cpp: "C++", java: "Java", ruby: "Ruby", diff: "Diff",
    make: "Makefile", makefile: "Makefile", hcl: "HCL", terraform: "Terraform",
    kotlin: "Kotlin", swift: "Swift", php: "PHP", r: "R", latex: "LaTeX", tex: "TeX"
  };

  /* Sphinx writes a block's language only as a class (highlight-python), which CSS
     cannot show: a label comes first in the block, for the eye */
  function labelCode() {
    document.querySelectorAll('div[class*="highlight-"] > div.highlight').forEach(function (box) {
      var match = /(?:^|\s)highlight-(\S+)/.exec(box.parentElement.className);
      if (!match || box.querySelector(":scope > .bx-code-lang")) return;
      var name = match[1].toLowerCase();
      var label = Object.prototype.hasOwnProperty.call(LANGUAGES, name) ? LANGUAGES[name] : match[1];
      if (!label) return;
      var tag = document.createElement("span");
      tag.className = "bx-code-lang";
      tag.textContent = label;
      box.insertBefore(tag, box.firstChild);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showMode();
    labelCode();
    focusScrollers();
    addEventListener("resize", focusScrollers);
    document.querySelectorAll("[data-blogext-mode-toggle]").forEach(function (button) {
      button.addEventListener("click", toggleMode);
    });
    var menu = document.querySelector(".bx-menu-button");
    if (menu) {
      menu.addEventListener("click", function () {
        setMenu(root.dataset.menu !== "open");
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.dataset.menu === "open") {
        setMenu(false);
        menu.focus();
      }
    });
    /* the menu covers the page: it closes when the keyboard moves on to the page */
    document.addEventListener("focusin", function (event) {
      if (root.dataset.menu === "open" && !event.target.closest(".bx-header, .bx-sidebar")) {
        setMenu(false);
      }
    });
  });

  systemDark.addEventListener("change", showMode);
  wide.addEventListener("change", foldToc);
  narrow.addEventListener("change", function () { setMenu(false); });
  /* another tab changed the mode */
  addEventListener("storage", function (event) {
    if (event.key !== STORE) return;
    if (event.newValue === "light" || event.newValue === "dark") root.dataset.theme = event.newValue;
    else delete root.dataset.theme;
    showMode();
  });
})();
