/* Checklist uploads: choosing a file or dropping it on an item uploads it through the JSON API,
   then the page reloads to show the item's new status. */
(function () {
  'use strict';
  var list = document.querySelector('.checklist[data-upload-url]');
  if (!list) return;
  var status = document.getElementById('upload-status');
  function say(key, vars) {
    var s = list.getAttribute('data-t-' + key) || '';
    Object.keys(vars || {}).forEach(function (k) {
      s = s.replace('{' + k + '}', vars[k]);
    });
    status.textContent = s;
    status.className = 'live ' + key;
  }
  function upload(item, file, zone) {
    var body = new FormData();
    body.append('item', item);
    body.append('file', file, file.name);
    zone.classList.add('busy');
    say('uploading');
    return fetch(list.getAttribute('data-upload-url'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': list.getAttribute('data-csrf'), Accept: 'application/json' },
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            zone.classList.remove('busy');
            if (!res.ok) {
              say('failed', { message: (data.error && data.error.message) || res.statusText });
              return;
            }
            say('uploaded', { file: file.name });
            window.location.hash = item;
            window.location.reload();
          });
      })
      .catch(function () {
        zone.classList.remove('busy');
        say('failed', { message: list.getAttribute('data-t-network') || '' });
      });
  }
  list.querySelectorAll('.dropzone').forEach(function (zone) {
    var item = zone.getAttribute('data-item');
    var input = zone.querySelector('input[type=file]');
    input.addEventListener('change', function () {
      if (input.files && input.files[0]) upload(item, input.files[0], zone);
    });
    ['dragenter', 'dragover'].forEach(function (ev) {
      zone.addEventListener(ev, function (e) {
        e.preventDefault();
        zone.classList.add('over');
      });
    });
    ['dragleave', 'drop'].forEach(function (ev) {
      zone.addEventListener(ev, function (e) {
        e.preventDefault();
        zone.classList.remove('over');
      });
    });
    zone.addEventListener('drop', function (e) {
      var files = e.dataTransfer && e.dataTransfer.files;
      if (files && files[0]) upload(item, files[0], zone);
    });
  });
})();
