// 在线填报: rows added, removed and reordered; library suggestions taken; the form kept in this
// browser until it is saved (a login timeout loses nothing). The live review itself is HTMX
// (hx-post on the form, debounced); this file only keeps the rows' ids in order for it.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  if (!form) return;
  const rows = document.getElementById("rows");
  const template = document.getElementById("row-template");
  const storageKey = form.dataset.storageKey;

  function renumber() {
    rows.querySelectorAll("tr.indicator-row").forEach(function (tr, i) {
      tr.querySelector(".live").id = "live-" + i;
    });
  }

  function changed() {
    renumber();
    keep();
    document.body.dispatchEvent(new CustomEvent("jx-rows", { bubbles: true }));
  }

  function addRow(after) {
    const fresh = template.content.firstElementChild.cloneNode(true);
    if (after && after.nextSibling) rows.insertBefore(fresh, after.nextSibling);
    else rows.appendChild(fresh);
    if (window.htmx) window.htmx.process(fresh);
    renumber();
    return fresh;
  }

  document.getElementById("add-row").addEventListener("click", function () {
    const fresh = addRow(null);
    changed();
    fresh.querySelector("select[name=level1]").focus();
  });

  rows.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const tr = button.closest("tr.indicator-row");
    if (button.classList.contains("row-remove")) {
      tr.remove();
    } else if (button.classList.contains("row-up") && tr.previousElementSibling) {
      rows.insertBefore(tr, tr.previousElementSibling);
    } else if (button.classList.contains("row-down") && tr.nextElementSibling) {
      rows.insertBefore(tr.nextElementSibling, tr);
    } else if (button.classList.contains("suggestion")) {
      takeSuggestion(tr, button);
      return;
    } else {
      return;
    }
    changed();
  });

  function takeSuggestion(tr, button) {
    const level3 = tr.querySelector("input[name=level3]");
    const target = tr.querySelector("input[name=target]");
    level3.value = button.dataset.level3;
    if (button.dataset.form) target.placeholder = button.dataset.form;
    tr.querySelector(".suggestions").innerHTML = "";
    level3.dispatchEvent(new Event("change", { bubbles: true }));
    target.focus();
  }

  // choosing a 二级指标 sets the 一级指标 it belongs to
  rows.addEventListener("change", function (event) {
    if (event.target.name !== "level2") return;
    const option = event.target.selectedOptions[0];
    const level1 = event.target.closest("tr").querySelector("select[name=level1]");
    if (option && option.dataset.parent && !level1.value) level1.value = option.dataset.parent;
  });

  // what is typed stays in this browser until saved (login timeout, closed tab)
  function values() {
    return Array.from(new FormData(form).entries()).filter(function (pair) {
      return pair[0] !== "csrfmiddlewaretoken";
    });
  }

  function keep() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({ revision: form.dataset.revision, values: values() }));
    } catch (e) { /* storage full or disabled: the server-side draft still counts */ }
  }

  function restore(saved) {
    const count = saved.values.filter(function (pair) { return pair[0] === "level3"; }).length;
    while (rows.children.length < count) addRow(null);
    while (rows.children.length > count) rows.lastElementChild.remove();
    const seen = {};
    saved.values.forEach(function (pair) {
      const fields = form.querySelectorAll("[name='" + pair[0] + "']");
      const i = seen[pair[0]] || 0;
      seen[pair[0]] = i + 1;
      if (fields[i]) fields[i].value = pair[1];
    });
    changed();
  }

  const stored = JSON.parse(localStorage.getItem(storageKey) || "null");
  if (stored && stored.revision === form.dataset.revision &&
      JSON.stringify(stored.values) !== JSON.stringify(values())) {
    const notice = document.getElementById("restore");
    notice.hidden = false;
    document.getElementById("restore-draft").addEventListener("click", function () {
      restore(stored);
      notice.hidden = true;
    });
  } else {
    localStorage.removeItem(storageKey);
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);

  // a live review answered by the login page: the session expired
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const expired = xhr && (xhr.status === 401 || xhr.status === 403 || /\/login\//.test(xhr.responseURL || ""));
    document.getElementById("session-expired").hidden = !expired;
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    if (/\/login\//.test(xhr.responseURL || "")) event.detail.shouldSwap = false;
  });
  renumber();
})();
