/**
 * .nn file → TrainingDescription, through the language package as `nn train` does it: a Langium
 * build with validation, the file's errors refused, its first train block described.
 */
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNnServices, describeTraining, type TrainingDescription } from '@nn-lang/language';

export async function describeFiles(files: string[]): Promise<TrainingDescription[]> {
    const { shared, Nn } = createNnServices({ ...NodeFileSystem });
    const documents = await Promise.all(
        files.map(async file => shared.workspace.LangiumDocuments.createDocument(URI.file(path.resolve(file)), await readFile(file, 'utf8')))
    );
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return documents.map((document, i) => {
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
        if (errors.length) throw new Error(`${files[i]} has errors: ${errors.map(e => `line ${e.range.start.line + 1}: ${e.message}`).join('; ')}`);
        const analysis = Nn.nn.Analyzer.analyze(document);
        const desc = analysis.trains[0] && describeTraining(analysis.trains[0], document.uri);
        if (!desc) throw new Error(`${files[i]} has no train block that can be trained`);
        return desc;
    });
}
