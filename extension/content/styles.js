// Styles for the Shadow DOM overlays. Colours come in a light and a dark set, picked
// from the tracker's own background so the badge follows its theme.

/**
 * Badge CSS (inside the badge's shadow root). The host is an out-of-flow, zero-size
 * anchor at the place the badge would have taken in the text (the static position of an
 * absolutely positioned box), so the tracker's layout never moves; the badge is drawn
 * over the page from there, centred on the line it sits in (`1lh` of the page's line
 * height). `badge.js` also pins the host's geometry with inline `!important` properties
 * so no page rule (`.footer > * { position: relative }`) can put it back in the flow.
 */
export const BADGE_CSS = `
:host { all: initial; position: absolute; display: inline-block; width: 0; height: 0;
  overflow: visible; z-index: 1; font-size: inherit; line-height: inherit; contain: size layout style; }
:host([hidden]) { display: none; }
.wrap { position: absolute; left: 4px; top: 0; height: 1lh; display: flex; align-items: center;
  pointer-events: none; }
:host(:not([placed])) .wrap { visibility: hidden; }
button { all: unset; pointer-events: auto; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px;
  height: 16px; padding: 0 5px; border-radius: 8px; cursor: pointer; white-space: nowrap;
  font: 600 10px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #172b4d; background: #f1f2f4; border: 1px solid #c1c7d0;
  box-shadow: 0 1px 2px rgba(9,30,66,.2); }
button:focus-visible { outline: 2px solid #0c66e4; outline-offset: 1px; }
.dot { width: 7px; height: 7px; border-radius: 50%; background: #8590a2; flex: none; }
:host([verdict="ready"]) .dot { background: #1f845a; }
:host([verdict="almost"]) .dot { background: #b38600; }
:host([verdict="not-ready"]) .dot { background: #c9372c; }
:host([verdict="ready"]) button { border-color: #4bce97; }
:host([verdict="almost"]) button { border-color: #e2b203; }
:host([verdict="not-ready"]) button { border-color: #f87168; }
.score { font-weight: 500; opacity: .85; }
.score:empty, .kpi:empty { display: none; }
.kpi { font-weight: 700; }
:host([theme="dark"]) button { color: #dee4ea; background: #22272b; border-color: #454f59; box-shadow: 0 1px 2px rgba(0,0,0,.5); }
:host([theme="dark"][verdict="ready"]) .dot { background: #4bce97; }
:host([theme="dark"][verdict="almost"]) .dot { background: #f5cd47; }
:host([theme="dark"][verdict="not-ready"]) .dot { background: #f87168; }
:host([degraded]) button { border-style: dashed; opacity: .8; }
:host([size="compact"]) .wrap { left: 1px; align-items: flex-start; }
:host([size="compact"]) button { height: 10px; width: 10px; padding: 0; border-radius: 50%; justify-content: center; }
:host([size="compact"]) .label, :host([size="compact"]) .score, :host([size="compact"]) .kpi { display: none; }
:host([size="compact"]) .dot { width: 6px; height: 6px; }
`;

/** Panel CSS (inside the panel's shadow root). */
export const PANEL_CSS = `
:host { all: initial; position: fixed; top: 64px; right: 16px; z-index: 2147483646;
  width: min(420px, calc(100vw - 32px)); max-height: calc(100vh - 96px); display: block; }
:host([hidden]) { display: none; }
.panel { box-sizing: border-box; max-height: inherit; overflow: auto; padding: 12px 14px;
  border-radius: 8px; border: 1px solid #c1c7d0; background: #fff; color: #172b4d;
  box-shadow: 0 8px 24px rgba(9,30,66,.25);
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
:host([theme="dark"]) .panel { background: #1d2125; color: #dee4ea; border-color: #454f59; }
header { display: flex; gap: 8px; align-items: flex-start; }
header .titles { flex: 1; min-width: 0; }
.key { font-weight: 700; font-size: 12px; opacity: .8; }
h2 { margin: 2px 0 4px; font-size: 15px; line-height: 1.3; overflow-wrap: anywhere; }
.close { all: unset; cursor: pointer; padding: 0 6px; font-size: 18px; line-height: 24px; border-radius: 4px; }
.close:focus-visible, a:focus-visible { outline: 2px solid #0c66e4; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; }
.verdict.ready { background: #dcfff1; color: #216e4e; }
.verdict.almost { background: #fff7d6; color: #7f5f01; }
.verdict.not-ready { background: #ffeceb; color: #ae2e24; }
.verdict.unknown { background: #f1f2f4; color: #44546f; }
h3 { margin: 12px 0 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; opacity: .75; }
ul { margin: 0; padding: 0; list-style: none; }
li.finding { margin: 6px 0; padding: 6px 8px; border-left: 3px solid #8590a2; background: rgba(9,30,66,.04); border-radius: 0 4px 4px 0; }
li.finding.error { border-color: #c9372c; }
li.finding.warning { border-color: #e2b203; }
li.finding.info { border-color: #1d7afc; }
li.finding.passed { border-color: #1f845a; }
.sev { font-size: 11px; font-weight: 700; text-transform: uppercase; margin-right: 4px; }
.msg { font-weight: 600; }
.why, .help, .suggestion, .evidence { margin-top: 2px; overflow-wrap: anywhere; }
.help::before { content: "Next step: "; font-weight: 600; }
.excerpt { margin-top: 4px; padding: 4px 6px; background: rgba(9,30,66,.06); border-radius: 4px;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffd5d2; color: inherit; border-radius: 2px; }
:host([theme="dark"]) mark { background: #5d1f1a; }
details.passed > summary { cursor: pointer; margin: 4px 0; font-weight: 600; opacity: .85; }
details.passed > summary:focus-visible { outline: 2px solid #0c66e4; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.muted { opacity: .7; }
`;

const sheets = new Map();

/**
 * Style a shadow root with `css`: one constructable stylesheet shared by every root of
 * the document (500 badges share one sheet; no <style> element per badge, and no inline
 * style for a strict page CSP to object to), falling back to a <style> element where
 * constructable sheets cannot be adopted (older engines, some content-script sandboxes).
 * @param {ShadowRoot} root
 * @param {string} css
 */
export function styleRoot(root, css) {
  const doc = root.ownerDocument;
  try {
    const key = css;
    let sheet = sheets.get(key);
    if (!sheet || sheet.doc !== doc) {
      const s = new (doc.defaultView ?? globalThis).CSSStyleSheet();
      s.replaceSync(css);
      sheet = { doc, sheet: s };
      sheets.set(key, sheet);
    }
    root.adoptedStyleSheets = [sheet.sheet];
    return;
  } catch {
    // fall through
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.prepend(style);
}

/** Authoring assist panel CSS (issue 14; positioned beside the editor by assist.js). */
export const ASSIST_CSS = `
:host { all: initial; position: fixed; top: 64px; right: 16px; z-index: 2147483645;
  width: 340px; max-height: 60vh; display: block; }
:host([hidden]) { display: none; }
.assist { box-sizing: border-box; max-height: inherit; overflow: auto; padding: 8px 10px;
  border-radius: 8px; border: 1px solid #c1c7d0; border-left-width: 4px; background: #fff; color: #172b4d;
  box-shadow: 0 4px 12px rgba(9,30,66,.2);
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
:host([verdict="ready"]) .assist { border-left-color: #1f845a; }
:host([verdict="almost"]) .assist { border-left-color: #e2b203; }
:host([verdict="not-ready"]) .assist { border-left-color: #c9372c; }
:host([theme="dark"]) .assist { background: #1d2125; color: #dee4ea; border-color: #454f59; }
header { display: flex; gap: 6px; align-items: flex-start; }
button { font: inherit; color: inherit; }
.toggle { all: unset; flex: 1; min-width: 0; cursor: pointer; display: flex; flex-direction: column; gap: 2px; }
.close { all: unset; cursor: pointer; padding: 0 6px; font-size: 16px; line-height: 20px; border-radius: 4px; }
.toggle:focus-visible, .close:focus-visible, .apply:focus-visible, a:focus-visible { outline: 2px solid #0c66e4; outline-offset: 1px; }
.verdict { font-weight: 700; }
.verdict.ready { color: #216e4e; } .verdict.almost { color: #7f5f01; } .verdict.not-ready { color: #ae2e24; }
:host([theme="dark"]) .verdict.ready { color: #4bce97; } :host([theme="dark"]) .verdict.almost { color: #f5cd47; } :host([theme="dark"]) .verdict.not-ready { color: #f87168; }
.summary { overflow-wrap: anywhere; }
.live { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
h3 { margin: 8px 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; opacity: .75; }
ul { margin: 0; padding: 0; list-style: none; }
ul.missing > li { margin: 2px 0; padding-left: 12px; position: relative; overflow-wrap: anywhere; }
ul.missing > li::before { content: "•"; position: absolute; left: 2px; }
li.duplicate { margin: 3px 0; overflow-wrap: anywhere; }
.dup-key { font-weight: 700; margin-right: 6px; color: #0c66e4; }
:host([theme="dark"]) .dup-key { color: #579dff; }
.score { display: inline-block; margin-right: 6px; padding: 0 5px; border-radius: 8px; background: #f1f2f4; font-weight: 600; }
:host([theme="dark"]) .score { background: #2c333a; }
li.finding { margin: 4px 0; padding: 4px 6px; border-left: 3px solid #8590a2; background: rgba(9,30,66,.04); border-radius: 0 4px 4px 0; }
li.finding.error { border-color: #c9372c; } li.finding.warning { border-color: #e2b203; } li.finding.info { border-color: #1d7afc; }
.msg { font-weight: 600; }
.why, .help, .suggestion { margin-top: 2px; overflow-wrap: anywhere; }
.help::before { content: "Fix: "; font-weight: 600; }
.quote { margin-top: 3px; padding: 2px 5px; background: rgba(9,30,66,.06); border-radius: 4px;
  font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffd5d2; color: inherit; border-radius: 2px; }
:host([theme="dark"]) mark { background: #5d1f1a; }
.apply { margin-left: 6px; padding: 1px 8px; border-radius: 4px; border: 1px solid #0c66e4; background: transparent; cursor: pointer; }
.muted { opacity: .7; }
.rule { font-size: 10px; }
`;
