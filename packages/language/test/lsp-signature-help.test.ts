import { describe, expect, it } from 'vitest';
import type { SignatureHelp } from 'vscode-languageserver';
import { check, Nn } from './helpers.js';

/** Signature help at the `|` in `text`. */
async function helpAt(text: string): Promise<SignatureHelp | undefined> {
    const offset = text.indexOf('|');
    const { document } = await check(text.replace('|', ''));
    return Nn.lsp.SignatureHelp!.provideSignatureHelp(document, { textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(offset) }) ?? undefined;
}

/** The highlighted parameter's label text. */
function active(help: SignatureHelp | undefined): string | undefined {
    const signature = help?.signatures[0];
    const parameter = signature?.parameters?.[signature.activeParameter ?? -1];
    if (!signature || !parameter) return undefined;
    const [from, to] = parameter.label as [number, number];
    return signature.label.slice(from, to);
}

const inModel = (line: string) => `model M {\n    input [28, 28, 1]\n    ${line}\n}`;

describe('signature help in layer calls', () => {
    it('lists the arguments in Keras order and highlights the first positional one after (', async () => {
        const help = await helpAt(inModel('Flatten()\n    Dense(|)'));
        const signature = help!.signatures[0];
        expect(signature.label).toMatch(/^Dense\(units, activation=linear, use_bias=true, /);
        expect(active(help)).toBe('units');
        const doc = (signature.parameters![0].documentation as { value: string }).value;
        expect(doc).toContain('integer');
        expect(doc).toContain('required');
    });

    it('moves to the next positional argument after a comma', async () => {
        expect(active(await helpAt(inModel('Conv2D(32, |)')))).toBe('kernel_size');
        expect(active(await helpAt(inModel('Conv2D(32, 3|)')))).toBe('kernel_size');
    });

    it('highlights a keyword argument once its name= is written, with its type and default', async () => {
        const help = await helpAt(inModel('Conv2D(32, 3, padding=|)'));
        expect(active(help)).toBe('padding=valid');
        const signature = help!.signatures[0];
        const doc = (signature.parameters![signature.activeParameter!].documentation as { value: string }).value;
        expect(doc).toContain('`same`');
        expect(doc).toContain('default `valid`');
        expect(active(await helpAt(inModel('Conv2D(32, 3, padding=same, activation=re|)')))).toBe('activation=linear');
    });

    it('highlights nothing where no argument fits (past the positional ones)', async () => {
        const help = await helpAt(inModel('Flatten()\n    Dense(10, |)'));
        expect(help!.signatures[0].label).toMatch(/^Dense\(/);
        expect(active(help)).toBeUndefined();
    });

    it('shows labels for a merge layer', async () => {
        const help = await helpAt(inModel('skip = Conv2D(1, 3, padding=same)\n    Conv2D(1, 3, padding=same)\n    Add(|)'));
        expect(help!.signatures[0].label).toMatch(/^Add\(labels…/);
        expect(active(help)).toBe('labels…');
    });

    it('works in optimizer and data calls of a train block', async () => {
        const train = (setting: string) => `${inModel('Flatten()\n    Dense(10, activation=softmax)')}\ntrain M {\n    data = mnist\n    loss = categorical_crossentropy\n    ${setting}\n}`;
        const help = await helpAt(train('optimizer = Adam(|)'));
        expect(help!.signatures[0].label).toMatch(/^Adam\(learning_rate/);
        expect(active(help)).toBe('learning_rate');
        expect(active(await helpAt(train('optimizer = SGD(momentum=|)')))).toBe('momentum=0');
    });

    it('offers nothing outside a call, in an unknown layer or in a nested list', async () => {
        expect(await helpAt(inModel('Dense(10)|'))).toBeUndefined();
        expect(await helpAt(inModel('Dens(|)'))).toBeUndefined();
        expect(await helpAt(inModel('Reshape([4, |])'))).toBeUndefined();
    });
});
