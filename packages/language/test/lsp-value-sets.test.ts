/**
 * One map of value sets, read by every consumer: for every set, completion offers exactly its
 * values, hover documents each one under the set's name, and the checker accepts each one (and
 * refuses a name outside it), wherever the set is used — a layer argument or a training setting.
 */
import { describe, expect, it } from 'vitest';
import { expectCompletion, expectHover } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { LAYERS } from '../src/catalogue/layers.js';
import { SETTINGS } from '../src/catalogue/training.js';
import type { ChoiceSet } from '../src/catalogue/types.js';
import { VALUE_SETS, type ValueSetName } from '../src/catalogue/value-sets.js';
import { check, Nn } from './helpers.js';

const complete = expectCompletion(Nn);
const hover = expectHover(Nn);

async function labels(text: string): Promise<string[]> {
    let result: string[] = [];
    await complete({ text, index: 0, assert: (list: CompletionList) => { result = list.items.map(i => i.label); } });
    return result;
}

/** A text that writes `value` where the set is used, and the offset of the value in it. */
type Placed = (value: string) => { text: string; at: number };

/** Where each set is written: `Kind(argument=<value>)` in a model, or `setting = <value>` in a train block. */
function place(set: ValueSetName): Placed {
    const setting = SETTINGS.find(s => s.values === set);
    if (setting) {
        // A list for metrics, a call for csv, a bare name otherwise; the model is irrelevant here.
        const written = (v: string) => (setting.name === 'metrics' ? `[${v}]` : v === 'csv' ? 'csv("data.csv", label="y")' : v);
        return v => {
            const before = `model M {\n    input [2]\n    Dense(1)\n}\ntrain M {\n    ${setting.name} = `;
            return { text: `${before}${written(v)}\n}\n`, at: before.length + (setting.name === 'metrics' ? 1 : 0) };
        };
    }
    for (const kind of LAYERS) {
        const arg = kind.args.find(a => a.type.kind === 'choice' && a.type.set === (set as ChoiceSet) && a.name !== 'bias_initializer');
        if (!arg) continue;
        const statement = kind.example.statements.find(s => s.startsWith(`${kind.name}(`))!;
        // The example's own value for the argument is dropped, then the value under test is appended.
        const without = statement.replace(new RegExp(`,? *${arg.name}=[^,)]*`), '');
        return v => {
            const before = `model M {\n    input [${kind.example.input.join(', ')}]\n    ${without.replace(/\)$/, without.endsWith('()') ? '' : ', ')}${arg.name}=`;
            return { text: `${before}${v})\n}\n`, at: before.length };
        };
    }
    throw new Error(`no layer argument or setting takes the value set '${set}'`);
}

/** What the checker says about the value itself (an unknown name, a bad argument), not about the rest of the text. */
async function complaintsAbout(placed: { text: string; at: number }): Promise<string[]> {
    const { diagnostics } = await check(placed.text);
    const line = placed.text.slice(0, placed.at).split('\n').length - 1;
    return diagnostics.filter(d => d.range.start.line === line && /^(bad-argument|unknown-)/.test(String(d.code))).map(d => String(d.message));
}

describe.each(Object.keys(VALUE_SETS) as ValueSetName[])('the value set %s', set => {
    const values = VALUE_SETS[set].values.map(v => v.name);
    const at = place(set);

    it('completion offers exactly its values', async () => {
        const { text, at: offset } = at('');
        const offered = await labels(`${text.slice(0, offset)}<|>${text.slice(offset)}`);
        // validation also takes a fraction, which is not a name.
        expect(offered.filter(l => !/^[0-9.]+$/.test(l))).toEqual(values);
    });

    it.each(values)('hover documents %s under the set\'s name, and the checker accepts it', async value => {
        const placed = at(value);
        const offset = placed.at + 1;
        await hover({ text: `${placed.text.slice(0, offset)}<|>${placed.text.slice(offset)}`, index: 0, hover: new RegExp(`^\\*\\*${value}\\*\\* — ${set}\\n\\n`) });
        expect(await complaintsAbout(placed)).toEqual([]);
    });

    it('the checker refuses a name outside it', async () => {
        expect(await complaintsAbout(at('no_such_value'))).toContainEqual(expect.stringMatching(/no_such_value/));
    });
});
