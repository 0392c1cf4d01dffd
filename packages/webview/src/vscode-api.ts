/** What a VS Code webview page is given to talk to the extension; `acquireVsCodeApi` may be called once per page. */
export interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function acquireVsCode(): VsCodeApi {
    return acquireVsCodeApi();
}
