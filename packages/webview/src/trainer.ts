/** The one place the webview reaches into the trainer (its browser-safe entry). */
export * from '@nn-lang/training/train';
