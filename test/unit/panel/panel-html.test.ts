import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPanelHtml, makeNonce } from '../../../src/vscode/panel/panel-html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const html = (nonce = makeNonce()) =>
  buildPanelHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview.js`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview.css`,
    codiconUri: `${CSP_SOURCE}/ext/dist/codicon.css`,
  });

test('the HTML carries a strict CSP with the nonce', () => {
  const nonce = makeNonce();
  const page = html(nonce);
  const csp = page.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)![1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
  assert.match(csp, new RegExp(`font-src ${CSP_SOURCE.replace(/[+.]/g, '\\$&')}`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
});

test('every script has the nonce and none is inline', () => {
  const nonce = makeNonce();
  const scripts = [...html(nonce).matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, new RegExp(`nonce="${nonce}"`));
    assert.match(attrs, /src="[^"]+webview\.js"/);
    assert.equal(body.trim(), '');
  }
  assert.doesNotMatch(html(nonce), /\son\w+=/i, 'no inline event handlers');
});

test('each load gets a fresh nonce, and a weak one is refused', () => {
  assert.notEqual(makeNonce(), makeNonce());
  assert.ok(makeNonce().length >= 16);
  assert.throws(() => html('abc'), /nonce/);
  assert.throws(() => html('"><script>alert(1)</script>'), /nonce/);
});
