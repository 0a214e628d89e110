// Progressive enhancement for the search page: apply a filter or sort as soon as it changes, and swap
// in the new results without a full page load (fetching the very same URL). Without this script the
// "Apply filters" and "Sort" buttons do the same.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("search-form");
  // Browsers without ::details-content: open the filter panel on wide screens.
  var panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 48.01rem)").matches) panel.open = true;
  if (!form || !window.fetch || !window.DOMParser) return;
  var busy = null;

  function paramsOf(formEl) {
    var params = new URLSearchParams();
    var controls = document.querySelectorAll('[form="search-form"]');
    controls.forEach(function (el) {
      if (!el.name || el.disabled) return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      if (el.name === "q" && !el.value.trim()) return;
      params.append(el.name, el.value);
    });
    return params;
  }

  function load(url, push) {
    if (busy) busy.abort();
    busy = new AbortController();
    var focusedId = document.activeElement && document.activeElement.id;
    document.body.setAttribute("aria-busy", "true");
    fetch(url, { signal: busy.signal, headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("search-page");
        var current = document.getElementById("search-page");
        if (!fresh || !current) { window.location.href = url; return; }
        var panel = document.getElementById("filter-panel");
        var wasOpen = panel && panel.open;
        current.replaceWith(fresh);
        var freshPanel = document.getElementById("filter-panel");
        if (freshPanel && wasOpen) freshPanel.open = true;
        document.title = doc.title;
        if (push) history.pushState({}, "", url);
        form = document.getElementById("search-form");
        var again = focusedId && document.getElementById(focusedId);
        if (again) again.focus();
      })
      .catch(function (e) { if (e.name !== "AbortError") window.location.href = url; })
      .finally(function () { document.body.removeAttribute("aria-busy"); });
  }

  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.getAttribute("form") !== "search-form" || el.name === "q") return;
    load(form.action + "?" + paramsOf().toString(), true);
  });
  document.addEventListener("submit", function (e) {
    if (e.target.id !== "search-form") return;
    e.preventDefault();
    load(form.action + "?" + paramsOf().toString(), true);
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("#search-page a[href^='?']");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    load(a.href, true);
  });
  window.addEventListener("popstate", function () { load(window.location.href, false); });
})();
