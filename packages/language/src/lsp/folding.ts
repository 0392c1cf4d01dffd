import type { LangiumDocument } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor } from 'langium/lsp';
import { FoldingRangeKind } from 'vscode-languageserver';
import type { NnServices } from '../nn-module.js';

/**
 * Langium's folding (blocks, multi-line calls, comments) plus one region per label: from the
 * labelled layer to the last merge that uses it, which is a residual block (`skip = …` … `Add(skip)`)
 * folded to its first line.
 */
export class NnFoldingRangeProvider extends DefaultFoldingRangeProvider {
    constructor(private readonly services: NnServices) {
        super(services);
    }

    protected override collectFolding(document: LangiumDocument, acceptor: FoldingRangeAcceptor): void {
        super.collectFolding(document, acceptor);
        const text = document.textDocument;
        for (const model of this.services.nn.Analyzer.analyze(document).models) {
            const lastUse = new Map<number, number>();
            for (const layer of model.layers) {
                for (const source of layer.inputs.slice(1)) lastUse.set(source, layer.index);
            }
            for (const [source, user] of lastUse) {
                const from = model.layers[source]?.node.$cstNode;
                const to = model.layers[user]?.node.$cstNode;
                if (!from || !to) continue;
                const startLine = text.positionAt(from.offset).line;
                const endLine = text.positionAt(to.end).line;
                if (endLine > startLine) acceptor({ startLine, endLine, kind: FoldingRangeKind.Region });
            }
        }
    }
}
