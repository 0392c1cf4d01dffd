/**
 * The runs view's commands: open a run (its curves), compare the selected runs (curves
 * overlaid), delete a run folder (to the trash, after asking), refresh.
 */
import { curvesOf, graphPageHtml, makeNonce, readRunsViewMessage, RUNS_VIEW_TYPE, type RunsHostMessage } from '@nn-lang/webview';
import { runOutcome } from '@nn-lang/training/runs';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { RunsTreeProvider, type RunsNode } from './tree.js';

export const RUNS_VIEW_ID = 'nn.runs';

function runsOf(nodes: readonly RunsNode[]): Extract<RunsNode, { kind: 'run' }>['run'][] {
    return nodes.flatMap(n => (n.kind === 'run' ? [n.run] : n.runs));
}

function showCurves(extensionUri: vscode.Uri, message: RunsHostMessage, output: vscode.LogOutputChannel): void {
    const out = vscode.Uri.joinPath(extensionUri, 'out');
    const title = message.runs.length === 1 ? `Run ${message.runs[0].name}` : `${message.runs.length} runs`;
    const panel = vscode.window.createWebviewPanel(RUNS_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active }, { enableScripts: true, localResourceRoots: [out] });
    const uri = (file: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(out, file)).toString();
    const subscription = panel.webview.onDidReceiveMessage(raw => {
        const read = readRunsViewMessage(raw);
        if (!read.ok) return output.warn(`Runs view: dropped a malformed '${read.type ?? '?'}' message: ${read.problem}`);
        void panel.webview.postMessage(message);
    });
    panel.onDidDispose(() => subscription.dispose());
    panel.webview.html = graphPageHtml({ cspSource: panel.webview.cspSource, nonce: makeNonce(() => randomBytes(1)[0] / 256), scriptUri: uri('runs.js'), styleUri: uri('runs.css'), title });
}

export function registerRunsFeatures(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): RunsTreeProvider {
    const provider = new RunsTreeProvider();
    const tree = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: provider, canSelectMany: true, showCollapseAll: true });
    const watcher = vscode.workspace.createFileSystemWatcher('**/.nn-runs/**');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refreshSoon = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => provider.refresh(), 300);
    };
    const open = (nodes: readonly RunsNode[]) => {
        const runs = runsOf(nodes).filter(r => r.ok);
        if (runs.length === 0) {
            void vscode.window.showInformationMessage('Select one or more runs (malformed run folders have no curves).');
            return;
        }
        showCurves(context.extensionUri, { type: 'runs', runs: runs.map(r => curvesOf(r.name, runOutcome(r.metrics), r.metrics as never)) }, output);
    };
    context.subscriptions.push(
        tree,
        watcher,
        watcher.onDidCreate(refreshSoon),
        watcher.onDidDelete(refreshSoon),
        watcher.onDidChange(refreshSoon),
        vscode.commands.registerCommand('nn.runs.refresh', () => provider.refresh()),
        vscode.commands.registerCommand('nn.runs.open', (node?: RunsNode) => open(node ? [node] : tree.selection)),
        vscode.commands.registerCommand('nn.runs.compare', (node?: RunsNode, selected?: RunsNode[]) => open(selected?.length ? selected : node ? [node] : tree.selection)),
        vscode.commands.registerCommand('nn.runs.delete', async (node?: RunsNode, selected?: RunsNode[]) => {
            const runs = runsOf(selected?.length ? selected : node ? [node] : tree.selection);
            if (runs.length === 0) return;
            const what = runs.length === 1 ? `the run folder ${runs[0].name}` : `${runs.length} run folders`;
            const remove = 'Move to Trash';
            if ((await vscode.window.showWarningMessage(`Delete ${what}? Its metrics and trained model go with it.`, { modal: true }, remove)) !== remove) return;
            for (const run of runs) {
                try {
                    await vscode.workspace.fs.delete(vscode.Uri.file(run.dir), { recursive: true, useTrash: true });
                } catch {
                    // No trash (a remote or a container): deleted for good, as asked.
                    await vscode.workspace.fs.delete(vscode.Uri.file(run.dir), { recursive: true, useTrash: false });
                }
            }
            provider.refresh();
        }),
        { dispose: () => timer && clearTimeout(timer) }
    );
    return provider;
}
