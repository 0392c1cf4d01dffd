/**
 * The one place the webview reaches into the trainer. @nn-lang/training exports only its data
 * entry points so far; once it exports the browser-safe trainer (src/train/index.ts) by name,
 * change this line and nothing else.
 */
export * from '../../training/src/train/index.js';
