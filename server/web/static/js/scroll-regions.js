/* Tables wider than a phone scroll sideways in their .table-wrap. A scroller that holds nothing
   focusable cannot be scrolled from the keyboard, so while one overflows it becomes a named,
   focusable region (WCAG 2.1.1; axe's scrollable-region-focusable); when it fits again it stops
   being a tab stop. Named after the table's caption, else the nearest heading above it. */
(function () {
  'use strict';
  var wraps = document.querySelectorAll('.table-wrap');
  if (!wraps.length) return;

  function nameOf(wrap) {
    var caption = wrap.querySelector('caption');
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    var section = wrap.closest('section');
    var heading = section && section.querySelector('h1, h2, h3');
    return heading ? heading.textContent.trim() : '';
  }

  function update() {
    wraps.forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute('tabindex')) {
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        var name = nameOf(wrap);
        if (name) wrap.setAttribute('aria-label', name);
      } else if (!scrolls && wrap.getAttribute('tabindex') === '0') {
        wrap.removeAttribute('tabindex');
        wrap.removeAttribute('role');
        wrap.removeAttribute('aria-label');
      }
    });
  }

  update();
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(update, 100);
  });
})();
