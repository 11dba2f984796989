// Tap targets under 44 × 44 CSS px, for bench/lighthouse.py.
() => {
  const TAP = 44;
  const out = [];
  const seen = new Set();
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue;
    if (el.closest('.skip-link, .visually-hidden')) continue;
    // Inside a closed disclosure (the phone menu), or off-screen (the spam trap).
    if (el.closest('details:not([open]) > :not(summary)')) continue;
    if (box.right <= 0 || box.left >= innerWidth) continue;
    if (el.matches('input[type=checkbox], input[type=radio]') && el.labels && el.labels.length) continue;
    if (el.tagName === 'A') {
      // A link inside a sentence: WCAG 2.5.5's inline exception.
      const block = el.parentElement.closest('p, li, dd, td, figcaption, label, span, h1, h2, h3, h4');
      const text = block ? block.textContent.replace(/\s+/g, ' ').trim() : '';
      const own = el.textContent.replace(/\s+/g, ' ').trim();
      if (block && text.length > own.length + 2 && !block.matches('li') ) continue;
    }
    if (box.width < TAP - 0.5 || box.height < TAP - 0.5) {
      const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
        + ' "' + (el.textContent || el.value || el.name || '').trim().slice(0, 24) + '"';
      if (!seen.has(name)) { seen.add(name); out.push(name + ' ' + Math.round(box.width) + 'x' + Math.round(box.height)); }
    }
  }
  return out;
}
