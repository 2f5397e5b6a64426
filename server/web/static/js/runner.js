/* The interview runner: reads the value from the indicator's input, saves it through the JSON API
   (autosave after a pause, on leaving a field, before navigating), shows the saved state and warns
   when the stored value changed elsewhere. No framework; data comes from data- attributes. */
(function () {
  'use strict';
  var keys = document.querySelector('.help.keyboard');
  if (keys) keys.hidden = false; // the shortcuts are this script's
  var form = document.getElementById('runner-form');
  var state = document.getElementById('save-state');
  var fieldError = document.getElementById('field-error');
  var conflictBox = document.getElementById('conflict');
  var loaded = JSON.parse((document.getElementById('loaded-value') || { textContent: '{}' }).textContent || '{}');
  var timer = null;
  var inFlight = null;
  var dirty = false;
  var lastSent = null;
  var conflicted = false; // while the conflict warning shows, nothing is saved until the user chooses

  function text(key, vars) {
    var s = state.getAttribute('data-t-' + key) || '';
    Object.keys(vars || {}).forEach(function (k) {
      s = s.replace('{' + k + '}', vars[k]);
    });
    return s;
  }
  function setState(kind, message) {
    state.className = 'save-state ' + kind;
    state.textContent = message;
  }
  function num(s) {
    s = String(s || '')
      .trim()
      .replace(/\s/g, '')
      .replace(',', '.');
    return s === '' ? null : Number(s);
  }
  function field(name) {
    return form.elements.namedItem(name);
  }

  /** The value to send, null when nothing is entered, or {error} when the input is not a value. */
  function readValue() {
    var type = form.getAttribute('data-type');
    var v;
    if (type === 'scale') {
      var checked = form.querySelector('input[name="level"]:checked');
      return checked ? Number(checked.value) : null;
    }
    if (type === 'percent') {
      if (field('na') && field('na').checked) return { notApplicable: true };
      var n = num(field('num').value),
        d = num(field('den').value);
      if (n !== null && d !== null) return { numerator: n, denominator: d };
      if (n !== null || d !== null) return null; // half a ratio: wait for the other half
      return num(field('pct').value);
    }
    if (type === 'integer' || type === 'fte' || type === 'eur') return num(field('count').value);
    if (type === 'years' || type === 'months') {
      var date = field('date');
      if (date && date.value) {
        v = {};
        v[date.getAttribute('data-key')] = date.value;
        return v;
      }
      return num(field('count').value);
    }
    if (type === 'nace') {
      var codes = field('nace')
        .value.split(/[,;\s]+/)
        .filter(Boolean)
        .map(function (c) {
          return c.toUpperCase();
        });
      if (!codes.length) return null;
      v = { nace: codes };
      if (field('field').value.trim()) v.field = field('field').value.trim();
      return v;
    }
    if (type === 'nuts') {
      var nuts = field('nuts')
        .value.split(/[,;\s]+/)
        .filter(Boolean)
        .map(function (c) {
          return c.toUpperCase();
        });
      return nuts.length ? { nuts: nuts } : null;
    }
    if (type === 'size_classes') {
      var inputs = form.querySelectorAll('input[data-size]');
      var any = false;
      v = {};
      inputs.forEach(function (i) {
        var x = num(i.value);
        if (x !== null) any = true;
        v[i.name] = x === null ? 0 : x;
      });
      return any ? v : null;
    }
    if (type === 'code') return field('code').value || null;
    return null;
  }

  function headers() {
    var h = { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': form.getAttribute('data-csrf') };
    if (form.getAttribute('data-mode') !== 'shadow') h['If-Match'] = '"' + form.getAttribute('data-version') + '"';
    return h;
  }

  function showError(message) {
    fieldError.textContent = message;
    fieldError.hidden = !message;
  }

  /** Saves now; resolves when stored (or not). */
  function save(force) {
    clearTimeout(timer);
    if (conflicted) return Promise.resolve(false);
    var value = readValue();
    if (value === null) {
      if (dirty) setState('unsaved', text('unsaved'));
      return Promise.resolve(false);
    }
    var body = JSON.stringify({ value: value, note: field('note').value });
    if (!force && body === lastSent) {
      dirty = false;
      return Promise.resolve(true);
    }
    if (inFlight)
      return inFlight.then(function () {
        return save(force);
      });
    setState('saving', text('saving'));
    inFlight = fetch(form.getAttribute('data-endpoint'), { method: 'PUT', headers: headers(), body: body, credentials: 'same-origin' })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            if (res.ok) {
              if (data.version) form.setAttribute('data-version', data.version);
              lastSent = body;
              dirty = false;
              loaded = { value: value, note: field('note').value };
              showError('');
              conflictBox.hidden = true;
              setState(
                'saved',
                text('saved', {
                  time: new Date().toLocaleTimeString(document.documentElement.lang === 'nb' ? 'nb-NO' : 'en-GB', {
                    hour: '2-digit',
                    minute: '2-digit',
                    second: '2-digit',
                  }),
                }),
              );
              return true;
            }
            if (res.status === 409 && data.error && data.error.code === 'stale_version') return resolveStale(data);
            var message = (data.error && data.error.message) || res.statusText;
            showError(message);
            setState('failed', text('failed', { message: message }));
            return false;
          });
      })
      .catch(function () {
        setState('failed', text('offline'));
        return false;
      })
      .then(function (ok) {
        inFlight = null;
        return ok;
      });
    return inFlight;
  }

  /** The assessment moved on (someone saved something). Only a change of THIS value by another tab or device is a conflict. */
  function resolveStale(data) {
    var user = Number(form.getAttribute('data-user'));
    var id = form.getAttribute('data-indicator');
    return fetch(form.getAttribute('data-values-url'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.json();
      })
      .then(function (all) {
        if (all.version) form.setAttribute('data-version', all.version);
        else if (data.error.details && data.error.details.version) form.setAttribute('data-version', data.error.details.version);
        var mine = (all.values || []).filter(function (v) {
          return v.indicatorId === id && (v.authorId === undefined || v.authorId === user) && v.kind !== 'agreed';
        })[0];
        var stored = mine ? JSON.stringify(mine.value) : JSON.stringify(null);
        if (stored === JSON.stringify(loaded.value)) {
          inFlight = null;
          return save(true);
        }
        document.getElementById('conflict-other').textContent = stored;
        var say = document.getElementById('conflict-text');
        say.textContent = say.getAttribute('data-t').replace('{value}', describe(mine ? mine.value : null));
        conflicted = true;
        conflictBox.hidden = false;
        setState('failed', text('unsaved'));
        return false;
      });
  }

  /** A stored value in words: a number, a ratio, a date, codes. */
  function describe(v) {
    if (v === null || v === undefined) return '—';
    if (typeof v !== 'object') return String(v);
    if ('numerator' in v) return v.numerator + ' / ' + v.denominator;
    if (v.notApplicable) return 'N/A';
    return Object.keys(v)
      .map(function (k) {
        return k + ': ' + (Array.isArray(v[k]) ? v[k].join(', ') : v[k]);
      })
      .join('; ');
  }

  function later() {
    dirty = true;
    setState('unsaved', text('unsaved'));
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  }

  if (form) {
    lastSent = form.getAttribute('data-saved') === 'true' ? JSON.stringify({ value: loaded.value, note: loaded.note || '' }) : null;
    form.addEventListener('input', later);
    form.addEventListener('change', function () {
      later();
    });
    form.addEventListener('focusout', function () {
      if (dirty) save();
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      save(true);
    });
    document.getElementById('conflict-reload').addEventListener('click', function () {
      dirty = false;
    });
    document.getElementById('conflict-keep').addEventListener('click', function () {
      conflictBox.hidden = true;
      conflicted = false;
      loaded = { value: JSON.parse(document.getElementById('conflict-other').textContent || 'null'), note: loaded.note };
      inFlight = null;
      // the stored value is now known: overwrite it with ours
      save(true);
    });
  }

  /** Leaving the screen saves first; a failed save keeps the user here. */
  function go(href) {
    if (!form) {
      window.location.href = href;
      return;
    }
    save().then(function (ok) {
      if (ok !== false || readValue() === null) {
        dirty = false;
        window.location.href = href;
      }
    });
  }
  document.querySelectorAll('.pager a, .ind-nav a').forEach(function (a) {
    a.addEventListener('click', function (e) {
      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      go(a.getAttribute('href'));
    });
  });
  document.addEventListener('keydown', function (e) {
    if (!e.altKey) return;
    var link = null;
    if (e.key === 'ArrowRight') link = document.getElementById('next-link');
    else if (e.key === 'ArrowLeft') link = document.getElementById('prev-link');
    else if ((e.key === 's' || e.key === 'S') && form) {
      e.preventDefault();
      save(true);
      return;
    }
    if (link) {
      e.preventDefault();
      go(link.getAttribute('href'));
    }
  });
  window.addEventListener('beforeunload', function (e) {
    if (dirty) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
})();
