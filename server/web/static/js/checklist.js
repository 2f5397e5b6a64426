/* The checklist in place. Files chosen or dropped on an item are uploaded through the JSON API (several
   at once, one after the other), then the page reloads to show them; a PDF or an image opens inside the
   page; an assessor's review of one file, or of the ticked files at once, goes to the JSON API and shows
   without a reload. Without this script every form posts and the server answers with the page. */
(function () {
  'use strict';
  var dataBlock = document.getElementById('checklist-data');
  var list = document.querySelector('.checklist');
  if (!dataBlock || !list) return;
  var data = JSON.parse(dataBlock.textContent);
  var t = data.t;
  var live = document.getElementById('upload-status');

  function fill(template, vars) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, k) {
      return Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : whole;
    });
  }
  function say(kind, text) {
    live.textContent = text;
    live.className = 'live ' + kind;
  }

  /* POST to the JSON API with the session's CSRF token; resolves to the answer's JSON, rejects with the
     reader's message (the server words errors in the page's language) */
  function post(url, body, json) {
    var headers = { 'X-CSRF-Token': data.csrf, Accept: 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: headers, body: json ? JSON.stringify(body) : body }).then(
      function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (answer) {
            if (!res.ok) throw new Error((answer.error && answer.error.message) || res.statusText);
            return answer;
          });
      },
      function () {
        throw new Error(t.network);
      },
    );
  }

  /* ---- uploads: a new file for an item, or one in place of a file (replaces) ---- */
  function upload(item, files, zone, replaces) {
    var queue = Array.prototype.slice.call(files);
    zone.classList.add('busy');
    function next() {
      var file = queue.shift();
      if (!file) {
        window.location.hash = item;
        window.location.reload();
        return;
      }
      var body = new FormData();
      body.append('item', item);
      if (replaces) body.append('replaces', replaces);
      body.append('file', file, file.name);
      say('uploading', t.uploading);
      return post(list.getAttribute('data-upload-url'), body, false).then(function () {
        say('uploaded', fill(t.uploaded, { file: file.name }));
        return next();
      });
    }
    Promise.resolve()
      .then(next)
      .catch(function (e) {
        zone.classList.remove('busy');
        say('failed', fill(t.failed, { message: e.message }));
      });
  }
  if (list.hasAttribute('data-upload-url')) {
    list.querySelectorAll('.dropzone').forEach(function (zone) {
      var item = zone.getAttribute('data-item');
      var input = zone.querySelector('input[type=file]');
      input.multiple = true; // the script sends them one by one; the form without it takes one
      input.addEventListener('change', function () {
        if (input.files && input.files.length) upload(item, input.files, zone, null);
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
        if (files && files.length) upload(item, files, zone, null);
      });
    });
    list.querySelectorAll('.replace-form').forEach(function (form) {
      var input = form.querySelector('input[type=file]');
      input.addEventListener('change', function () {
        if (input.files && input.files[0])
          upload(form.getAttribute('data-item'), [input.files[0]], form, form.getAttribute('data-replaces'));
      });
    });
  }
  list.querySelectorAll('.remove-form').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
    });
  });

  /* ---- preview inside the page ---- */
  function closePreview(row) {
    var panel = row.querySelector('.preview');
    var item = row.closest('.check-item');
    if (panel) panel.remove();
    var link = row.querySelector('.preview-link');
    if (link) link.setAttribute('aria-expanded', 'false');
    if (!item.querySelector('.preview')) item.classList.remove('previewing');
  }
  function openPreview(link) {
    var row = link.closest('.file-row');
    var id = row.getAttribute('data-doc');
    var src = link.getAttribute('data-preview');
    var name = link.getAttribute('data-file');
    var panel = document.createElement('div');
    panel.className = 'preview preview-' + link.getAttribute('data-kind');
    panel.id = 'preview-' + id;
    var view;
    if (link.getAttribute('data-kind') === 'pdf') {
      view = document.createElement('iframe');
      view.title = fill(t.previewOf, { file: name });
    } else {
      view = document.createElement('img');
      view.alt = fill(t.previewOf, { file: name });
    }
    view.src = src;
    panel.appendChild(view);
    var links = document.createElement('p');
    links.className = 'preview-links';
    var tab = document.createElement('a');
    tab.href = src;
    tab.target = '_blank';
    tab.rel = 'noopener';
    tab.textContent = t.openInTab;
    var close = document.createElement('a');
    close.href = '#doc-' + id;
    close.className = 'close-preview';
    close.textContent = t.closePreview;
    links.appendChild(tab);
    links.appendChild(document.createTextNode(' · '));
    links.appendChild(close);
    panel.appendChild(links);
    row.querySelector('.file-actions').after(panel);
    row.closest('.check-item').classList.add('previewing');
    link.setAttribute('aria-expanded', 'true');
    panel.scrollIntoView({ block: 'nearest' });
  }
  list.addEventListener('click', function (e) {
    var link = e.target.closest('.preview-link, .close-preview');
    if (!link) return;
    e.preventDefault();
    var row = link.closest('.file-row');
    if (link.classList.contains('close-preview') || row.querySelector('.preview')) {
      closePreview(row);
      var opener = row.querySelector('.preview-link');
      if (opener) opener.focus();
    } else openPreview(link);
  });

  /* ---- reviews in place ---- */
  function badge(el, st) {
    el.innerHTML = '';
    var span = document.createElement('span');
    span.className = 'badge doc-' + st;
    span.textContent = t.status[st];
    el.appendChild(span);
  }
  function showFile(doc) {
    var row = document.getElementById('doc-' + doc.id);
    if (!row) return;
    row.setAttribute('data-status', doc.status);
    badge(row.querySelector('.file-status'), doc.status);
    var comment = row.querySelector('.comment');
    comment.hidden = !doc.reviewComment;
    comment.querySelector('.comment-text').textContent = doc.reviewComment || '';
    var form = row.querySelector('.review-form');
    if (form) {
      form.querySelector('input[name=status][value=' + doc.status + ']').checked = true;
      form.querySelector('textarea').value = doc.reviewComment || '';
    }
    var pick = row.querySelector('.bulk-pick');
    if (pick) pick.setAttribute('data-status', doc.status);
  }
  function showItem(item, st) {
    var li = document.getElementById(item);
    li.className = li.className.replace(/\bstatus-\S+/, 'status-' + st);
    li.setAttribute('data-status', st);
    badge(li.querySelector('.item-status'), st);
  }
  function showCounts() {
    var n = { accepted: 0, uploaded: 0, rejected: 0, total: 0 };
    list.querySelectorAll('.check-item').forEach(function (li) {
      var st = li.getAttribute('data-status');
      if (st in n) n[st] += 1;
      n.total += 1;
    });
    document.getElementById('cl-summary').textContent = fill(t.counts, n);
    document.querySelector('.summary-card progress').value = data.progress === 'accepted' ? n.accepted : n.accepted + n.uploaded;
  }
  /* the outcome beside the form's button too, where the reader is (the page's status line may be out of view) */
  function note(form, kind, text) {
    var el = form.querySelector('.review-note');
    if (!el) {
      el = document.createElement('span');
      el.className = 'review-note';
      el.setAttribute('role', 'status');
      form.querySelector('button[type=submit]').after(el);
    }
    el.textContent = text;
    el.className = 'review-note ' + kind;
  }
  function reviewed(form, documents, items) {
    documents.forEach(showFile);
    Object.keys(items).forEach(function (item) {
      showItem(item, items[item]);
    });
    showCounts();
    var text = fill(t.reviewSaved, { item: Object.keys(items).join(', ') });
    say('uploaded', text);
    note(form, 'ok', text);
  }
  function checked(form, name) {
    var el = form.querySelector('input[name=' + name + ']:checked');
    return el ? el.value : null;
  }
  list.querySelectorAll('.review-form').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var button = form.querySelector('button[type=submit]');
      button.disabled = true;
      post(form.getAttribute('data-api'), { status: checked(form, 'status'), comment: form.querySelector('textarea').value }, true)
        .then(function (doc) {
          var items = {};
          items[doc.item] = doc.itemStatus;
          reviewed(form, [doc], items);
        })
        .catch(function (err) {
          say('failed', err.message);
          note(form, 'failed', err.message);
        })
        .then(function () {
          button.disabled = false;
        });
    });
  });

  /* ---- several at once: the ticked files ---- */
  var bulk = document.getElementById('bulk-review');
  if (!bulk) return;
  var picks = document.querySelectorAll('.bulk-pick');
  var count = document.getElementById('bulk-count');
  function picked() {
    return Array.prototype.filter.call(picks, function (p) {
      return p.checked;
    });
  }
  function showPicked() {
    var n = picked().length;
    count.textContent = fill(t.selected, { n: n });
    bulk.classList.toggle('has-picks', n > 0);
  }
  picks.forEach(function (p) {
    p.addEventListener('change', showPicked);
  });
  var pending = bulk.querySelector('.select-pending');
  pending.hidden = false;
  pending.addEventListener('click', function () {
    picks.forEach(function (p) {
      if (p.getAttribute('data-status') === 'uploaded') p.checked = true;
    });
    showPicked();
  });
  showPicked();
  bulk.addEventListener('submit', function (e) {
    e.preventDefault();
    var ids = picked().map(function (p) {
      return Number(p.value);
    });
    if (!ids.length) return note(bulk, 'failed', t.noneSelected);
    var button = bulk.querySelector('button[type=submit]');
    button.disabled = true;
    post(
      bulk.getAttribute('data-api'),
      { ids: ids, status: checked(bulk, 'status'), comment: bulk.querySelector('#bulk-comment').value },
      true,
    )
      .then(function (answer) {
        reviewed(bulk, answer.documents, answer.items);
        picks.forEach(function (p) {
          p.checked = false;
        });
        bulk.querySelector('#bulk-comment').value = '';
        showPicked();
      })
      .catch(function (err) {
        say('failed', err.message);
        note(bulk, 'failed', err.message);
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
