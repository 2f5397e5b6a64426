/* global FileReader */
/*
 * The survey management page: a CSV file (or a text file of addresses) read into the address field,
 * where the manager sees the list before sending it (the server finds the email column or the
 * addresses). Without JS the field for pasting works alone.
 */
(function () {
  document.querySelectorAll('input[type="file"][data-into]').forEach(function (input) {
    var field = input.closest('.csv-field');
    if (field) field.hidden = false;
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      var target = document.getElementById(input.getAttribute('data-into'));
      if (!file || !target) return;
      var reader = new FileReader();
      reader.onload = function () {
        target.value = (target.value ? target.value.replace(/\s*$/, '\n') : '') + String(reader.result || '');
        target.focus();
      };
      reader.readAsText(file);
    });
  });
})();
