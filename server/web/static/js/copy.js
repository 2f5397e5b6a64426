/* Copy buttons: a button[data-copy] copies the value of the field it names (shown only with JS). */
(function () {
  var status = document.querySelector('.copy-status');
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    if (!field) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var done = function () {
        if (status) status.textContent = status.getAttribute('data-copied');
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select();
        });
      } else {
        field.select();
        document.execCommand('copy');
        done();
      }
    });
  });
})();
