// The panel's HTML. Pure (no vscode import) so the CSP can be unit-tested: scripts run only with
// this load's nonce, styles and fonts only from the extension, nothing from the network.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** Webview URIs (as strings) of dist/webview.js, dist/webview.css and dist/codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  // style-src needs no 'unsafe-inline': the elements' shadow styles use constructable stylesheets,
  // and the panel sets sizes through the CSSOM, which a style-src policy does not block.
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

export function buildPanelHtml(input: PanelHtmlInput): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(input.nonce)) throw new Error('panel nonce must be 16+ base64 characters; use makeNonce()');
  const csp = contentSecurityPolicy(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>Harness</title>
</head>
<body>
<script nonce="${input.nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
