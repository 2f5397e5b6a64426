/* The narrative's autosave (like the runner's): after a pause in typing, or on leaving a field, the form
   is saved through the JSON API (PUT /api/assessments/:id/narrative) on the version it was loaded with;
   a 409 (someone else saved in between) stops the autosave and says so. Without JavaScript the form posts. */
(function () {
  'use strict';
  var form = document.getElementById('narrative-form');
  if (!form || !window.fetch) return;
  var state = document.getElementById('save-state');
  var timer = null;
  var busy = false;
  var again = false;
  var stopped = false;

  function say(kind, message) {
    state.className = 'save-state ' + kind;
    state.textContent = message;
  }
  function t(key, vars) {
    var s = state.getAttribute('data-t-' + key) || '';
    Object.keys(vars || {}).forEach(function (k) {
      s = s.replace('{' + k + '}', vars[k]);
    });
    return s;
  }
  function lines(v) {
    return v
      .split(/\r?\n/)
      .map(function (s) {
        return s.trim();
      })
      .filter(Boolean);
  }
  function body() {
    var el = form.elements;
    var areas = {};
    Array.prototype.forEach.call(form.querySelectorAll('textarea[name^="area_"]'), function (a) {
      if (a.value.trim()) areas[a.name.slice(5)] = a.value;
    });
    var indicators = {};
    Array.prototype.forEach.call(form.querySelectorAll('textarea[name^="ind_"]'), function (a) {
      if (a.value.trim()) indicators[a.name.slice(4)] = a.value;
    });
    var recs = Array.prototype.map
      .call(form.querySelectorAll('.narrative-rec'), function (li, i) {
        var q = function (s) {
          return li.querySelector(s);
        };
        var order = Number(q('input[name^="rec_order_"]').value);
        var r = { indicator: q('select').value || null, text: q('textarea').value };
        var owner = q('input[name^="rec_owner_"]').value.trim();
        var due = q('input[name^="rec_due_"]').value;
        if (owner) r.owner = owner;
        if (due) r.due = due;
        if (q('input[type=checkbox]').checked) r.dropped = { reason: q('input[name^="rec_reason_"]').value };
        return { r: r, order: isNaN(order) || order === 0 ? i + 1 : order, i: i };
      })
      .filter(function (x) {
        return x.r.text.trim() !== '';
      })
      .sort(function (a, b) {
        return a.order - b.order || a.i - b.i;
      })
      .map(function (x) {
        return x.r;
      });
    return {
      version: Number(form.getAttribute('data-version')),
      summary: el.namedItem('summary').value,
      strengths: lines(el.namedItem('strengths').value),
      weaknesses: lines(el.namedItem('weaknesses').value),
      areas: areas,
      indicators: indicators,
      recommendations: recs,
    };
  }
  function save() {
    clearTimeout(timer);
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    say('saving', t('saving'));
    fetch('/api/assessments/' + form.getAttribute('data-id') + '/narrative', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': form.getAttribute('data-csrf') },
      body: JSON.stringify(body()),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (res.ok) {
            form.setAttribute('data-version', data.version);
            form.elements.namedItem('version').value = data.version;
            say('saved', t('saved'));
          } else if (res.status === 409) {
            stopped = true;
            say('error', t('conflict'));
          } else {
            say('error', t('failed', { message: (data.error && data.error.message) || res.status }));
          }
        });
      })
      .catch(function (e) {
        say('error', t('failed', { message: e.message }));
      })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          save();
        }
      });
  }
  function later() {
    if (stopped) return;
    say('unsaved', t('unsaved'));
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  form.addEventListener('submit', function (e) {
    if (stopped) return; // let the post answer with the conflict
    e.preventDefault();
    save();
  });
})();
