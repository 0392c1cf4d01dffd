/**
 * .nn text → the checked descriptions, with the language package's own checker (no file system:
 * browser-safe). Used to re-check what an import produced and to describe a run folder's model.
 */
import { createNnServices, describeModel, describeTraining, type ModelDescription, type TrainingDescription } from '@nn-lang/language';
import { EmptyFileSystem, URI } from 'langium';

export interface TextProblem {
    line: number;
    column: number;
    code: string;
    message: string;
    severity: 'error' | 'warning' | 'info' | 'hint';
}

export interface DescribedText {
    models: ModelDescription[];
    trainings: TrainingDescription[];
    problems: TextProblem[];
    /** Errors only. */
    errors: TextProblem[];
}

let services: ReturnType<typeof createNnServices> | undefined;
let counter = 0;
const SEVERITY = ['error', 'error', 'warning', 'info', 'hint'] as const;

/** Checks `text` as if it were the file `path` (relative data paths resolve against its folder). */
export async function describeText(text: string, path = `/interop/model-${counter}.nn`): Promise<DescribedText> {
    services ??= createNnServices(EmptyFileSystem);
    const { shared, Nn } = services;
    // A fresh URI per call: the same path checked twice must not see the first text's cache.
    const uri = URI.file(path).with({ query: `n=${counter++}` });
    const documents = shared.workspace.LangiumDocuments;
    const document = documents.createDocument(uri, text);
    try {
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const analysis = Nn.nn.Analyzer.analyze(document);
        const problems: TextProblem[] = (document.diagnostics ?? []).map(d => ({
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            code: String(d.code ?? 'unknown'),
            message: typeof d.message === 'string' ? d.message : String(d.message),
            severity: SEVERITY[d.severity ?? 1]
        }));
        const models = analysis.models.map(m => describeModel(m)).filter((m): m is ModelDescription => m !== undefined);
        const fileUri = URI.file(path);
        const trainings = analysis.trains.map(t => describeTraining(t, fileUri)).filter((t): t is TrainingDescription => t !== undefined);
        return { models, trainings, problems, errors: problems.filter(p => p.severity === 'error') };
    } finally {
        await shared.workspace.DocumentBuilder.update([], [uri]);
    }
}
