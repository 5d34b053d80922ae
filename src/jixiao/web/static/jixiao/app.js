// Behaviour of every page, kept out of the HTML so that the Content-Security-Policy can forbid
// inline scripts: a <select data-autosubmit> submits its form when changed (language switch).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.submit();
  }
});
