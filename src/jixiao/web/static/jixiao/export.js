// 打印 / 下载: the print button (shown only with JavaScript), and the batch form's progress note,
// shown from the click until the download's cookie (set by the server) comes back.
document.querySelectorAll(".print-page").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
var batch = document.querySelector("form.batch-export");
if (batch) {
  batch.addEventListener("submit", function () {
    var note = batch.querySelector(".export-progress"), token = String(Date.now());
    batch.elements.token.value = token;
    note.hidden = false;
    var timer = setInterval(function () {
      if (document.cookie.indexOf("jixiao_export=" + token) >= 0) {
        note.hidden = true;
        clearInterval(timer);
      }
    }, 500);
  });
}
