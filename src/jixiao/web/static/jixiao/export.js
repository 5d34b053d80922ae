// 进度提示: shown from the click until the download's cookie (set by the server) comes back
document.querySelector("form.batch-export").addEventListener("submit", function () {
  var form = this, note = form.querySelector(".export-progress"), token = String(Date.now());
  form.elements.token.value = token;
  note.hidden = false;
  var timer = setInterval(function () {
    if (document.cookie.indexOf("jixiao_export=" + token) >= 0) { note.hidden = true; clearInterval(timer); }
  }, 500);
});
