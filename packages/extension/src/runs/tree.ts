/**
 * The "NN Runs" view in the explorer: the run folders under every `.nn-runs` of the workspace
 * (and the folder set in nn.training.outputDirectory), grouped by model, newest first, each with
 * how it ended. A malformed folder is listed with what is wrong with it.
 */
import { readRunsRoot, runOutcome, RUNS_FOLDER, type RunEntry } from '@nn-lang/training/runs';
import path from 'node:path';
import * as vscode from 'vscode';

export type RunsNode = { kind: 'model'; model: string; runs: RunEntry[] } | { kind: 'run'; run: RunEntry };

/** The model a folder belongs to: metrics.json says; a malformed one is known by its name (`Model-YYYYMMDD-HHMMSS`). */
export function modelOfRun(run: RunEntry): string {
    if (run.ok) return run.metrics.model;
    return run.name.replace(/-\d{8}-\d{6}$/, '') || run.name;
}

export function groupRuns(runs: RunEntry[]): RunsNode[] {
    const groups = new Map<string, RunEntry[]>();
    for (const run of runs) {
        const model = modelOfRun(run);
        groups.set(model, [...(groups.get(model) ?? []), run]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([model, list]) => ({ kind: 'model', model, runs: list }));
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode> {
    private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private cache: Promise<RunsNode[]> | undefined;

    refresh(): void {
        this.cache = undefined;
        this.changed.fire(undefined);
    }

    /** Folders that may hold runs: every `.nn-runs` under the workspace, and an absolute output folder setting. */
    private async roots(): Promise<string[]> {
        const found = await vscode.workspace.findFiles(`**/${RUNS_FOLDER}/*/*`, '**/node_modules/**', 5000);
        const roots = new Set(found.map(uri => path.dirname(path.dirname(uri.fsPath))));
        const setting = vscode.workspace.getConfiguration('nn.training').get<string>('outputDirectory', RUNS_FOLDER);
        if (path.isAbsolute(setting)) roots.add(setting);
        return [...roots].sort();
    }

    private async load(): Promise<RunsNode[]> {
        const runs = (await Promise.all((await this.roots()).map(readRunsRoot))).flat();
        return groupRuns(runs);
    }

    async getChildren(node?: RunsNode): Promise<RunsNode[]> {
        if (!node) return (this.cache ??= this.load());
        return node.kind === 'model' ? node.runs.map(run => ({ kind: 'run', run })) : [];
    }

    getTreeItem(node: RunsNode): vscode.TreeItem {
        if (node.kind === 'model') {
            const item = new vscode.TreeItem(node.model, vscode.TreeItemCollapsibleState.Expanded);
            item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}`;
            item.iconPath = new vscode.ThemeIcon('symbol-class');
            item.contextValue = 'nnRunModel';
            return item;
        }
        const run = node.run;
        const item = new vscode.TreeItem(run.name.match(/(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/)?.slice(1).reduce((s, p, i) => s + (i === 3 ? ' ' : i === 0 ? '' : i < 3 ? '-' : ':') + p, '') ?? run.name, vscode.TreeItemCollapsibleState.None);
        item.id = run.dir;
        item.resourceUri = vscode.Uri.file(run.dir);
        if (run.ok) {
            item.description = runOutcome(run.metrics);
            item.tooltip = new vscode.MarkdownString(
                [`**${run.metrics.model}** — ${run.name}`, `${vscode.workspace.asRelativePath(run.metrics.file)}:${run.metrics.line}`, item.description, run.metrics.note ?? '', run.metrics.error ?? '', run.hasModel ? 'The trained model is saved in this folder.' : 'No model saved in this folder.']
                    .filter(Boolean)
                    .join('\n\n')
            );
            item.iconPath = new vscode.ThemeIcon(run.metrics.error ? 'error' : run.metrics.stopped ? 'debug-stop' : 'pass');
            item.contextValue = 'nnRun';
            item.command = { command: 'nn.runs.open', title: 'Open Run', arguments: [node] };
        } else {
            item.description = `malformed: ${run.problem}`;
            item.tooltip = `${run.dir}\n${run.problem}`;
            item.iconPath = new vscode.ThemeIcon('warning');
            item.contextValue = 'nnRunMalformed';
        }
        return item;
    }
}
