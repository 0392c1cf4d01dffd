/**
 * Checker speed and memory: parse + link + validate (including shape inference) for models of
 * 100 to 50,000 layers, a one-character edit, and the memory one checked document keeps.
 * Run: node --expose-gc scripts/run-ts.mjs bench/checker.ts
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createNnServices } from '@nn-lang/language';

const { shared, Nn } = createNnServices(EmptyFileSystem);

function modelText(layers: number): string {
    const lines = ['model Big {', '    input [28, 28, 1]', '    Conv2D(8, 3, padding=same, activation=relu)'];
    for (let i = 0; i < layers - 3; i++) {
        // A mix of plain layers, labels and merges: residual blocks every few lines.
        if (i % 4 === 0) lines.push(`    s${i} = Conv2D(8, 3, padding=same, activation=relu)`);
        else if (i % 4 === 3) lines.push(`    Add(s${i - 3})`);
        else lines.push('    BatchNormalization()');
    }
    lines.push('    GlobalAveragePooling2D()', '}');
    return lines.join('\n');
}

let id = 0;
async function checkOnce(text: string): Promise<{ ms: number; document: LangiumDocument }> {
    const uri = URI.parse(`memory:///bench-${id++}.nn`);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    shared.workspace.LangiumDocuments.addDocument(document);
    const start = performance.now();
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const ms = performance.now() - start;
    return { ms, document };
}

async function remove(document: LangiumDocument): Promise<void> {
    shared.workspace.LangiumDocuments.deleteDocument(document.uri);
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc;
console.log('| layers | check (median of 5) | per layer | errors | heap kept per document |');
console.log('|---:|---:|---:|---:|---:|');
for (const layers of [100, 1_000, 10_000, 50_000]) {
    const text = modelText(layers);
    const runs = layers >= 50_000 ? 3 : 5;
    await checkOnce(text).then(r => remove(r.document)); // warm-up
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < runs; i++) {
        const { ms, document } = await checkOnce(text);
        times.push(ms);
        errors = (document.diagnostics ?? []).filter(d => d.severity === 1).length;
        Nn.nn.Analyzer.analyze(document);
        await remove(document);
    }
    let kept = 'n/a (run with --expose-gc)';
    if (gc) {
        gc();
        const before = process.memoryUsage().heapUsed;
        const { document } = await checkOnce(text);
        gc();
        kept = `${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(1)} MiB`;
        await remove(document);
    }
    const m = median(times);
    console.log(`| ${layers.toLocaleString('en-US')} | ${m.toFixed(1)} ms | ${(m * 1000 / layers).toFixed(1)} µs | ${errors} | ${kept} |`);
}
