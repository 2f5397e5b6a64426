/* Moves focus to the error summary after a rejected form, so screen readers announce it. */
(function () {
  var box = document.getElementById('error-summary');
  if (box) box.focus();
})();
