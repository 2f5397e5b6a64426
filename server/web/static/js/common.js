/* Small conveniences: a read-only copy field selects its text on focus. */
(function () {
  document.querySelectorAll('input.copy-field').forEach(function (el) {
    el.addEventListener('focus', function () {
      el.select();
    });
  });
})();
