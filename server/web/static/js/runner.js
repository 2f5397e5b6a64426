/* The interview runner: reads the value from the indicator's input, saves it through the JSON API
   (autosave after a pause, on leaving a field, before navigating), shows the saved state and warns
   when the stored value changed elsewhere. No framework; data comes from data- attributes.
   On arrival the value's first field has the focus (with a keyboard and a fine pointer: on a touch
   screen that would open the on-screen keyboard over the question); on a narrow screen the progress
   panel, which stands before the indicator there, is folded. */
(function () {
  'use strict';
  var media = function (q) {
    return !!(window.matchMedia && window.matchMedia(q).matches);
  };
  var keyboardFirst = media('(hover: hover) and (pointer: fine)');
  var keys = document.querySelector('.help.keyboard');
  if (keys && keyboardFirst) keys.hidden = false; // the shortcuts are this script's, and a touch screen has no Alt key
  var progress = document.getElementById('runner-progress');
  if (progress && media('(max-width: 760px)')) progress.open = false;
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
  /** A counted list (SRV-07's fields, SRV-08's categories): its ticks give the count and are saved at the start of the note. */
  function items() {
    return Array.prototype.slice.call(form.querySelectorAll('input[data-item]'));
  }
  function ticked() {
    return items()
      .filter(function (i) {
        return i.checked;
      })
      .map(function (i) {
        return i.value;
      });
  }
  /** The note as stored: "[F1 F3]" on its first line when something is ticked (services/noteText.ts, joinListNote). */
  function noteToSend() {
    var text = field('note').value;
    var codes = ticked();
    return codes.length ? '[' + codes.join(' ') + ']' + (text ? '\n' + text : '') : text;
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
    var body = JSON.stringify({ value: value, note: noteToSend() });
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
              loaded = { value: value, note: noteToSend() };
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
    if (items().length) {
      // the ticks give the count; a count typed instead stands alone (the ticks no longer describe it)
      var count = field('count');
      form.addEventListener('change', function (e) {
        if (e.target.hasAttribute && e.target.hasAttribute('data-item')) count.value = String(ticked().length);
      });
      count.addEventListener('input', function () {
        if (num(count.value) !== ticked().length)
          items().forEach(function (i) {
            i.checked = false;
          });
      });
    }
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

  /** The value's first field (the chosen level of a scale), unless something else has the focus already. */
  function focusValue() {
    if (!form || !keyboardFirst || window.location.hash || (document.activeElement && document.activeElement !== document.body)) return;
    var set = form.querySelector('.value-fieldset');
    var first =
      set.querySelector('input[type="radio"]:checked') ||
      Array.prototype.slice.call(set.querySelectorAll('input, select, textarea')).filter(function (el) {
        return !el.readOnly && !el.disabled && el.type !== 'hidden';
      })[0];
    if (first) first.focus({ preventScroll: true });
  }
  focusValue();

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
  // keeping last cycle's value replaces what is typed here: nothing left to save or to warn about; a save
  // already under way (leaving the input for the button saves it) lands first, so that the kept value wins
  var keep = document.getElementById('keep-baseline');
  if (keep)
    keep.addEventListener('submit', function (e) {
      clearTimeout(timer);
      dirty = false;
      if (!inFlight) return;
      e.preventDefault();
      inFlight.then(function () {
        dirty = false;
        keep.submit();
      });
    });
  window.addEventListener('beforeunload', function (e) {
    if (dirty) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
})();
