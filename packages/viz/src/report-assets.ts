/** The report's inline style sheet and script (the only ones it has: nothing is loaded from outside). */

/** The style sheet of {@link reportHtml}'s page. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --bg-alt: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 48px; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { border-bottom: 1px solid var(--rule); margin-bottom: 24px; }
h1 { font-size: 1.7rem; margin: 0 0 6px; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; }
.meta, .note, figcaption { color: var(--muted); font-size: 0.9rem; }
nav ol { margin: 0 0 16px; padding-left: 1.4em; }
.toc-head { margin: 8px 0 2px; font-weight: 600; }
.summary table, .table table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
.table { overflow-x: auto; margin-bottom: 20px; }
caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 6px; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #9aa0a6; }
tbody tr:nth-child(even) { background: var(--bg-alt); }
.num { text-align: right; white-space: nowrap; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { background: var(--bg-alt); padding: 10px 12px; overflow: auto; max-height: 420px; }
figure { margin: 0 0 36px; padding-top: 4px; border-top: 1px solid var(--rule); }
.plot { overflow-x: auto; }
.plot svg { display: block; max-width: 100%; height: auto; }
details.spec { margin-top: 8px; }
details.spec summary { cursor: pointer; color: var(--muted); }
.actions { margin: 8px 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
button { font: inherit; font-size: 0.85rem; padding: 3px 10px; border: 1px solid #9aa0a6; border-radius: 4px; background: #fff; cursor: pointer; }
@media print { details.spec, nav { display: none; } figure { break-inside: avoid; } }
`;

/**
 * The report's script: fills each figure's spec viewer on first opening, and wires its Copy and
 * Download buttons (hidden until this runs, so a page without scripts shows no dead buttons).
 * Reads only the page's own `<script type="application/json">` blocks; makes no request.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  function pretty(block) {
    return JSON.stringify(JSON.parse(block.textContent || 'null'), null, 2);
  }
  function wire(fig) {
    var block = document.getElementById(fig.getAttribute('data-spec') || '');
    var details = fig.querySelector('details.spec');
    var pre = fig.querySelector('details.spec pre');
    if (!block || !details || !pre) return;
    details.addEventListener('toggle', function () {
      if (details.open && pre.getAttribute('data-filled') !== 'yes') {
        pre.textContent = pretty(block);
        pre.setAttribute('data-filled', 'yes');
      }
    });
    var download = fig.querySelector('button[data-action="download"]');
    if (download) {
      download.hidden = false;
      download.addEventListener('click', function () {
        var url = URL.createObjectURL(new Blob([pretty(block)], { type: 'application/json' }));
        var a = document.createElement('a');
        a.href = url;
        a.download = download.getAttribute('data-file') || 'spec.vl.json';
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      });
    }
    var copy = fig.querySelector('button[data-action="copy"]');
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', function () {
        navigator.clipboard.writeText(pretty(block)).then(
          function () { copy.textContent = 'Copied'; },
          function () { copy.textContent = 'Copy not allowed here: use Download'; }
        );
      });
    }
  }
  var figures = document.querySelectorAll('figure[data-spec]');
  for (var i = 0; i < figures.length; i++) wire(figures[i]);
})();
`;
