/* The forms that compose or change an assessment's team (the dashboards' new assessment, the team
   page): on every change the team is checked against the label rules it decides before any value
   (GET /api/team-check: the engine's G4, S1 and S2) and the warnings are shown in the form's live
   region; a warning, never a refusal. A form the server refused comes back with its first refused
   field focused. */
(function () {
  'use strict';
  var invalid = document.querySelector('form [aria-invalid="true"]');
  if (invalid) invalid.focus();

  var FIELDS = ['clusterId', 'frameworkId', 'requestedLabel', 'leadId', 'coAssessorId', 'interviewDate'];

  document.querySelectorAll('form[data-team-check]').forEach(function (form) {
    var box = form.querySelector('[data-team-warnings]');
    if (!box) return;
    var timer = null;
    var seq = 0;

    /** the form's team as GET /api/team-check reads it (name → value) */
    function fields() {
      var q = {};
      if (form.getAttribute('data-assessment-id')) q.assessmentId = form.getAttribute('data-assessment-id');
      FIELDS.forEach(function (name) {
        var el = form.elements[name];
        if (el && typeof el.value === 'string') q[name] = el.value;
      });
      q.onSite = form.elements.onSite && form.elements.onSite.checked ? 'true' : 'false';
      q.lang = form.getAttribute('data-lang') || 'en';
      return q;
    }

    function show(warnings) {
      box.textContent = '';
      if (!warnings.length) return;
      var notice = document.createElement('div');
      notice.className = 'notice warn';
      var title = document.createElement('p');
      title.className = 'team-warnings-title';
      title.textContent = box.getAttribute('data-title');
      var list = document.createElement('ul');
      warnings.forEach(function (w) {
        var li = document.createElement('li');
        li.setAttribute('data-rule', w.rule);
        li.textContent = w.text;
        list.appendChild(li);
      });
      var note = document.createElement('p');
      note.className = 'help';
      note.textContent = box.getAttribute('data-note');
      notice.appendChild(title);
      notice.appendChild(list);
      notice.appendChild(note);
      box.appendChild(notice);
    }

    function check() {
      var q = fields();
      // nothing to check before a cluster and a lead are chosen
      if (!q.leadId || (!q.assessmentId && !q.clusterId)) return show([]);
      var search = Object.keys(q)
        .map(function (k) {
          return encodeURIComponent(k) + '=' + encodeURIComponent(q[k]);
        })
        .join('&');
      var mine = ++seq;
      fetch(form.getAttribute('data-team-check') + '?' + search, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      })
        .then(function (r) {
          return r.ok ? r.json() : { warnings: [] };
        })
        .then(function (body) {
          if (mine === seq) show(body.warnings || []);
        })
        .catch(function () {
          /* offline: the server shows the warnings after the form is sent */
        });
    }

    form.addEventListener('change', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 150);
    });
  });
})();
