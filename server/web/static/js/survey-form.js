/* global URLSearchParams */
/*
 * The survey on a phone: one part at a time with a progress bar and Next/Back (without JS the form is
 * one long page and works the same); the rule for the validity statements counted live (Next held
 * back while too few; Send stays at hand on every part, the server names what is missing); the send
 * button disabled once pressed (the server's one-time nonce stores a second POST once anyway).
 */
(function () {
  var form = document.querySelector('form.survey-form');
  if (!form) return;
  var submit = form.querySelector('.survey-submit');
  var items = (form.getAttribute('data-validity') || '').split(' ').filter(Boolean);
  var min = Number(form.getAttribute('data-min') || 0);
  var ruleCount = form.querySelector('.rule-count');

  function answered() {
    return items.filter(function (id) {
      return form.querySelector('input[name="' + id + '"]:checked');
    }).length;
  }
  function showCount() {
    if (!ruleCount) return true;
    var n = answered();
    var ok = n >= min;
    ruleCount.hidden = false;
    ruleCount.textContent = ok
      ? form.getAttribute('data-rule-met')
      : form.getAttribute('data-rule-count').replace('{count}', String(n)).replace('{n}', String(min));
    ruleCount.classList.toggle('rule-short', !ok);
    return ok;
  }
  form.addEventListener('change', function (e) {
    if (e.target && items.indexOf(e.target.name) >= 0) showCount();
  });

  var parts = Array.prototype.slice.call(form.querySelectorAll('.survey-part'));
  var current = 0;
  var progress = form.querySelector('.survey-progress');
  var bar = progress && progress.querySelector('progress');

  function show(i, focus) {
    current = Math.max(0, Math.min(parts.length - 1, i));
    parts.forEach(function (p, j) {
      p.hidden = j !== current;
    });
    if (bar) bar.value = current + 1;
    var heading = parts[current].querySelector('.part-heading');
    if (bar && heading) bar.setAttribute('aria-valuetext', heading.textContent);
    if (focus && heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
      window.scrollTo(0, 0);
    }
  }
  // a personal link: the answers so far are saved on the server at every Next and Back
  var draftUrl = form.getAttribute('data-draft');
  function saveDraft() {
    if (!draftUrl || !window.fetch) return;
    var data = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (k !== '_once' && typeof v === 'string') data.append(k, v);
    });
    window
      .fetch(draftUrl, { method: 'POST', body: data, headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .catch(function () {});
  }
  function partOf(el) {
    for (var j = 0; j < parts.length; j++) if (parts[j].contains(el)) return j;
    return -1;
  }
  function validityPart() {
    return ruleCount ? partOf(ruleCount) : -1;
  }

  if (parts.length > 1) {
    if (progress) progress.hidden = false;
    form.querySelectorAll('.part-nav').forEach(function (nav) {
      nav.hidden = false;
    });
    form.addEventListener('click', function (e) {
      var t = e.target;
      if (!t || !t.classList) return;
      if (t.classList.contains('part-next')) {
        if (current === validityPart() && !showCount()) {
          ruleCount.focus();
          return;
        }
        saveDraft();
        show(current + 1, true);
      } else if (t.classList.contains('part-back')) {
        saveDraft();
        show(current - 1, true);
      }
    });
    // after a refused answer: the first part with an error, and the summary's links open their part
    var firstError = form.querySelector('.has-error');
    show(firstError ? partOf(firstError) : 0, false);
    document.querySelectorAll('#error-summary a[href^="#"]').forEach(function (a) {
      a.addEventListener('click', function () {
        var target = document.getElementById(a.getAttribute('href').slice(1));
        if (target) show(partOf(target), false);
      });
    });
  }
  if (ruleCount) ruleCount.setAttribute('tabindex', '-1');

  form.addEventListener('submit', function (e) {
    // "save and continue later" posts to the draft: no rule, no disabled button
    if (e.submitter && e.submitter.classList.contains('save-later')) return;
    // too few statements: the count says so, and the server's answer names every problem
    if (items.length) showCount();
    if (submit) {
      if (submit.disabled) {
        e.preventDefault();
        return;
      }
      // after the submit event has gone out, so the button's own press still sends
      setTimeout(function () {
        submit.disabled = true;
        submit.textContent = form.getAttribute('data-sending');
      }, 0);
    }
  });
  // back from the thanks page (bfcache): the button works again
  window.addEventListener('pageshow', function () {
    if (submit && submit.disabled) window.location.reload();
  });
})();
