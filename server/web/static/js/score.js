/* The score page: draws the area chart from the report's own chart.js configuration, and re-scores
   live when a what-if value changes (POST …/what-if; nothing is stored). */
(function () {
  'use strict';
  // the area chart and, after a previous cycle, the progress chart
  ['area-chart', 'progress-chart'].forEach(function (id) {
    var cfgEl = document.getElementById(id + '-config');
    var canvas = document.getElementById(id);
    if (!cfgEl || !canvas || !window.Chart) return;
    var config = JSON.parse(cfgEl.textContent);
    // The PDF's configuration as it is, drawn at a higher pixel ratio so it stays sharp when the
    // stylesheet scales the canvas to the page width.
    config.options = config.options || {};
    config.options.devicePixelRatio = Math.max(3, window.devicePixelRatio || 1);
    new window.Chart(canvas, config);
  });

  var form = document.getElementById('what-if');
  if (!form || !form.getAttribute('data-url')) return;
  var result = document.getElementById('what-if-result');
  var labels = JSON.parse(form.getAttribute('data-labels') || '{}');
  var original = {
    total: document.getElementById('total-points').textContent,
    label: document.getElementById('label-awarded').innerHTML,
    points: {},
    checks: {},
  };
  document.querySelectorAll('[data-points]').forEach(function (el) {
    original.points[el.getAttribute('data-points')] = el.textContent;
  });
  document.querySelectorAll('.check[data-rule]').forEach(function (el) {
    original.checks[el.getAttribute('data-rule')] = el.className;
  });
  var timer = null;
  var seq = 0;

  function changed() {
    var values = {};
    form.querySelectorAll('[data-what-if]').forEach(function (el) {
      var raw = String(el.value).trim().replace(',', '.');
      if (raw === '' || raw === el.getAttribute('data-original')) return;
      var n = Number(raw);
      if (!isNaN(n)) values[el.getAttribute('data-what-if')] = n;
    });
    return values;
  }

  function badge(label) {
    var span = document.createElement('span');
    span.className = 'badge label-' + (label || 'none');
    span.textContent = label ? labels[label] : form.getAttribute('data-t-none');
    return span;
  }

  function restore() {
    document.getElementById('total-points').textContent = original.total;
    document.getElementById('label-awarded').innerHTML = original.label;
    Object.keys(original.points).forEach(function (id) {
      var el = document.querySelector('[data-points="' + id + '"]');
      el.textContent = original.points[id];
      el.closest('tr').classList.remove('changed');
    });
    Object.keys(original.checks).forEach(function (r) {
      document.querySelector('.check[data-rule="' + r + '"]').className = original.checks[r];
    });
    result.textContent = '';
  }

  function show(score) {
    document.getElementById('total-points').textContent = score.total.points;
    var holder = document.getElementById('label-awarded');
    holder.textContent = '';
    holder.appendChild(badge(score.label.awarded));
    score.indicators.forEach(function (i) {
      var el = document.querySelector('[data-points="' + i.id + '"]');
      if (!el) return;
      el.textContent = i.points;
      el.closest('tr').classList.toggle('changed', String(i.points) !== original.points[i.id]);
    });
    score.label.checks.forEach(function (c) {
      var el = document.querySelector('.check[data-rule="' + c.rule + '"]');
      if (!el) return;
      el.className = 'check ' + (c.passed ? 'ok' : 'bad');
      el.querySelector('.check-mark').textContent = c.passed ? '✓' : '✗';
    });
    result.textContent = form
      .getAttribute('data-t-result')
      .replace('{points}', score.total.points)
      .replace('{label}', score.label.awarded ? labels[score.label.awarded] : form.getAttribute('data-t-none'));
  }

  function rescore() {
    var values = changed();
    if (Object.keys(values).length === 0) {
      restore();
      return;
    }
    var mine = ++seq;
    fetch(form.getAttribute('data-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': form.getAttribute('data-csrf') },
      body: JSON.stringify({ values: values }),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (mine !== seq) return; // a newer request is under way
          if (!res.ok) {
            result.textContent = (data.error && data.error.message) || res.statusText;
            return;
          }
          show(data);
        });
      })
      .catch(function () {
        /* offline: keep the last result */
      });
  }

  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(rescore, 300);
  });
  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(rescore, 50);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    rescore();
  });
  form.addEventListener('reset', function () {
    setTimeout(function () {
      restore();
    }, 0);
  });
  document.getElementById('what-if-reset').hidden = false; // without the script, the page's own link resets
})();
