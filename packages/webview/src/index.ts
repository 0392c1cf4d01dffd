// What the extension host imports from the webview package: the message protocol and the page's
// HTML/CSP. The page itself (main.ts) is bundled separately for the browser.
export * from './protocol/index.js';
export * from './html.js';
export * from './graph/protocol.js';
export { graphPageHtml } from './graph/html.js';
export * from './runs/protocol.js';
