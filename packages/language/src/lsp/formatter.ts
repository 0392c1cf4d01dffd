import { AstUtils, isCompositeCstNode, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext } from 'langium/lsp';
import type { Range, TextEdit } from 'vscode-languageserver';
import { isArgument, isCallValue, isDocument, isInputDecl, isLayer, isListValue, isModel, isTrain, type Argument, type Train, type Value } from '../generated/ast.js';
import { ownTokens } from './own-tokens.js';

/**
 * A statement (or a comment line) inside a block: one indent deeper, on its own line, keeping
 * at most one blank line the author left before it.
 */
const STATEMENT: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };

/** After a comma: one space, or — when the author broke the line there — a continuation indent. */
const AFTER_COMMA: FormattingAction = Formatting.fit(Formatting.oneSpace(), Formatting.indent());

/** Between top-level blocks: keep one or two line breaks when a comment sits right above the block. */
const KEEP_ONE_BLANK: FormattingAction = { options: {}, moves: [{ lines: 1 }, { lines: 2 }] };

const NO_SPACE = Formatting.noSpace();
const ONE_SPACE = Formatting.oneSpace();

/**
 * The house style of the spec's examples: 4-space blocks, one statement per line,
 * `Dense(10, activation=relu)`, `skip = Conv2D(...)`, `[3, 3]`, a blank line between blocks,
 * and train settings with their `=` aligned (`data       = mnist`). Idempotent by construction:
 * every gap it touches gets one fixed rule. Each node's own tokens are read in one pass
 * (`ownTokens`), so the rules cost a constant per token.
 */
export class NnFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (isDocument(node)) this.formatDocumentBlocks(node.$cstNode);
        else if (isModel(node)) this.formatBlock(node);
        else if (isTrain(node)) this.formatTrain(node);
        else if (isInputDecl(node)) this.formatTokens(node, { input: ['append', ONE_SPACE] });
        else if (isLayer(node)) this.formatCall(node, node.args);
        else if (isCallValue(node)) this.formatCall(node, node.args);
        else if (isArgument(node)) this.formatTokens(node, { '=': ['surround', NO_SPACE] });
        else if (isListValue(node)) this.formatList(node, node.items);
    }

    /** Blocks are separated by one blank line, except that a comment stays glued to the block below it. */
    private formatDocumentBlocks(root: CstNode | undefined): void {
        if (!root || !isCompositeCstNode(root)) return;
        let previous: CstNode | undefined;
        let seenBlock = false;
        for (const child of root.content) {
            if (!child.hidden) {
                if (seenBlock) this.collector(child, 'prepend', previous?.hidden ? KEEP_ONE_BLANK : Formatting.newLines(2));
                seenBlock = true;
            }
            previous = child;
        }
    }

    /** `model Name {` / `train Name {`, then every statement and comment line indented, `}` alone. */
    private formatBlock(node: AstNode): void {
        const tokens = ownTokens(node);
        const open = tokens.find(t => t.keyword === '{')?.leaf;
        const close = tokens.find(t => t.keyword === '}')?.leaf;
        this.collector(tokens[0].leaf, 'append', ONE_SPACE);
        if (!open || !close) return;
        this.collector(open, 'prepend', ONE_SPACE);
        this.collector(close, 'prepend', Formatting.newLine());
        const parent = open.container!;
        const content = parent.content;
        for (let i = content.indexOf(open) + 1; i < content.length && content[i] !== close; i++) {
            this.collector(content[i], 'prepend', STATEMENT);
        }
    }

    /** Aligns the `=` of all settings in the block, as the spec's examples do. */
    private formatTrain(train: Train): void {
        this.formatBlock(train);
        const width = Math.max(0, ...train.settings.map(s => s.name?.length ?? 0));
        for (const setting of train.settings) {
            for (const { leaf, keyword, property } of ownTokens(setting)) {
                if (property === 'name') this.collector(leaf, 'append', Formatting.spaces(width - leaf.text.length + 1));
                else if (keyword === '=') this.collector(leaf, 'append', ONE_SPACE);
            }
        }
    }

    /** `skip = Conv2D(16, 3, padding=same)` and `Adam(learning_rate=0.01)`. */
    private formatCall(node: AstNode, args: Argument[]): void {
        let seenParenthesis = false;
        for (const { leaf, keyword } of ownTokens(node)) {
            if (keyword === '(') {
                seenParenthesis = true;
                this.collector(leaf, 'prepend', NO_SPACE);
                this.collector(leaf, 'append', NO_SPACE);
            } else if (keyword === '=' && !seenParenthesis) {
                // A label: `skip = Conv2D(...)`.
                this.collector(leaf, 'prepend', ONE_SPACE);
                this.collector(leaf, 'append', ONE_SPACE);
            } else if (keyword === ',' || keyword === ')') {
                this.collector(leaf, 'prepend', NO_SPACE);
            }
        }
        this.afterCommas(args);
    }

    private formatList(node: AstNode, items: Value[]): void {
        this.formatTokens(node, { '[': ['append', NO_SPACE], ',': ['prepend', NO_SPACE], ']': ['prepend', NO_SPACE] });
        this.afterCommas(items);
    }

    private formatTokens(node: AstNode, rules: Record<string, ['prepend' | 'append' | 'surround', FormattingAction]>): void {
        for (const { leaf, keyword } of ownTokens(node)) {
            const rule = keyword === undefined ? undefined : rules[keyword];
            if (!rule) continue;
            const [mode, action] = rule;
            if (mode !== 'append') this.collector(leaf, 'prepend', action);
            if (mode !== 'prepend') this.collector(leaf, 'append', action);
        }
    }

    /**
     * The gap after each separating comma belongs to the element that follows it (a trailing
     * comma's gap belongs to the closing bracket), so no gap gets two competing rules.
     */
    private afterCommas(elements: Array<Argument | Value>): void {
        for (let i = 1; i < elements.length; i++) {
            const cst = elements[i].$cstNode;
            if (cst) this.collector(cst, 'prepend', AFTER_COMMA);
        }
    }

    /** Without a range, every node is formatted: skip Langium's per-node range computation. */
    protected override iterateAstFormatting(document: LangiumDocument, range?: Range): void {
        if (range) return super.iterateAstFormatting(document, range);
        const root = document.parseResult.value;
        this.format(root);
        for (const node of AstUtils.streamAllContents(root)) this.format(node);
    }

    /**
     * Langium re-indents a comment line but never touches the line breaks before it; cap them
     * like those before statements (at most one blank line). The edit ends where the comment's
     * line starts, so it does not overlap Langium's indentation edit on that line.
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext): TextEdit[] {
        const edits = super.createHiddenTextEdits(previous, hidden, formatting, context);
        const line = hidden.range.start.line;
        if (previous && line - previous.range.end.line > 2) {
            edits.unshift({ range: { start: previous.range.end, end: { line, character: 0 } }, newText: '\n\n' });
        }
        return edits;
    }
}
