// Types for copy-assets.mjs (imported by scripts/build.mjs and the webview's tests).
export interface WebviewAsset {
    /** Relative to the repository root; node_modules paths resolve through Node. */
    from: string;
    /** Relative to out/. */
    to: string;
    /** Written gzip-compressed. */
    gzip?: boolean;
}

export declare const WEBVIEW_ASSETS: readonly WebviewAsset[];

export declare function copyWebviewAssets(root: string, assets?: readonly WebviewAsset[]): { copied: number; bytes: number; files: number };
