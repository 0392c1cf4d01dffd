import { describe, expect, it } from 'vitest';
import { expectFoldings, expectSymbols } from 'langium/test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { Nn } from './helpers.js';

const symbols = expectSymbols(Nn);
const foldings = expectFoldings(Nn);

const TEXT = `// A residual block.
model TinyResidual {
    input [28, 28, 1]
    Conv2D(16, 3, padding=same, activation=relu)
    skip = Conv2D(16, 3, padding=same, activation=relu)
    Conv2D(16, 3, padding=same)
    Add(skip)
    GlobalAveragePooling2D()
    Dense(10, activation=softmax)
}

train TinyResidual {
    data = mnist
    loss = categorical_crossentropy
}`;

const KIND_NAMES: Record<number, string> = { [SymbolKind.Class]: 'Class', [SymbolKind.Field]: 'Field', [SymbolKind.Function]: 'Function', [SymbolKind.Variable]: 'Variable', [SymbolKind.Event]: 'Event', [SymbolKind.Property]: 'Property' };

/** name (detail) [kind], children indented. */
function render(list: DocumentSymbol[], depth = 0): string[] {
    return list.flatMap(s => [
        `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} [${KIND_NAMES[s.kind] ?? s.kind}]`,
        ...render(s.children ?? [], depth + 1)
    ]);
}

describe('document symbols', () => {
    it('outlines models with their layers (detail: output shape) and train blocks with their settings', async () => {
        await symbols({
            text: TEXT,
            assert: list => expect(render(list)).toEqual([
                'TinyResidual ([28, 28, 1] → [10] · 4,970 params (4,970 trainable) · 19 KB · 7.45 MFLOPs) [Class]',
                '  input ([28, 28, 1]) [Field]',
                '  Conv2D ([28, 28, 16]) [Function]',
                '  skip = Conv2D ([28, 28, 16]) [Variable]',
                '  Conv2D ([28, 28, 16]) [Function]',
                '  Add ([28, 28, 16]) [Function]',
                '  GlobalAveragePooling2D ([16]) [Function]',
                '  Dense ([10]) [Function]',
                'train TinyResidual (mnist · categorical_crossentropy) [Event]',
                '  data (mnist) [Property]',
                '  loss (categorical_crossentropy) [Property]'
            ])
        });
    });

    it('selects the name, spans the whole block, and survives errors', async () => {
        await symbols({
            text: 'model Bad {\n    input [784]\n    Conv2D(8, 3)\n    Frobnicate()\n}',
            assert: ([model]) => {
                expect(model.selectionRange).toEqual({ start: { line: 0, character: 6 }, end: { line: 0, character: 9 } });
                expect(model.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 4, character: 1 } });
                expect(render([model])).toEqual(['Bad [Class]', '  input ([784]) [Field]', '  Conv2D [Function]', '  Frobnicate [Function]']);
            }
        });
    });
});

describe('folding', () => {
    it('folds model and train blocks (keeping the closing brace visible) and long comments', async () => {
        await foldings({
            text: `<|/* A long
   comment|>
*/
<|model M {
    input [4]|>
}
model Short { input [4] }
<|train M {
    data = iris|>
}`
        });
    });
});
