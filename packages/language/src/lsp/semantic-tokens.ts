import { AstUtils, CstUtils, interruptAndCheck, type AstNode, type LangiumDocument } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import {
    CancellationToken, SemanticTokenModifiers, SemanticTokensBuilder, SemanticTokenTypes,
    type Range, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensDeltaParams, type SemanticTokensParams, type SemanticTokensRangeParams
} from 'vscode-languageserver';
import { findLayer } from '../catalogue/layers.js';
import { isArgument, isCallValue, isLayer, isModel, isNameValue, isNumberValue, isSetting, isTrain } from '../generated/ast.js';
import { valueMeaning } from './meaning.js';
import { ownTokens } from './own-tokens.js';

type Style = { type: string; modifier?: string };

const DECLARED_CLASS: Style = { type: SemanticTokenTypes.class, modifier: SemanticTokenModifiers.declaration };
const CLASS: Style = { type: SemanticTokenTypes.class };
const LIBRARY_CLASS: Style = { type: SemanticTokenTypes.class, modifier: SemanticTokenModifiers.defaultLibrary };
const DECLARED_VARIABLE: Style = { type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.declaration };
const VARIABLE: Style = { type: SemanticTokenTypes.variable };
const PARAMETER: Style = { type: SemanticTokenTypes.parameter };
const PROPERTY: Style = { type: SemanticTokenTypes.property };
const ENUM_MEMBER: Style = { type: SemanticTokenTypes.enumMember };
const LIBRARY_FUNCTION: Style = { type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.defaultLibrary };
const NUMBER: Style = { type: SemanticTokenTypes.number };

/**
 * Colours by meaning, which the TextMate grammar cannot know: catalogue layers as classes, labels
 * as variables, argument and setting names as parameters and properties, closed-set values
 * (relu, same, mnist) as enum members. Unknown names stay uncoloured, a hint in itself.
 */
export class NnSemanticTokenProvider extends AbstractSemanticTokenProvider {
    // Langium's base class keeps the document, range and builder of "the current request" in
    // fields and yields between nodes, so a range request arriving during a full one (VS Code sends
    // both together) overwrote them and both answers came out mixed. Every request here owns its
    // builder and range; nothing is shared between requests.
    override async semanticHighlight(document: LangiumDocument, _params: SemanticTokensParams, cancelToken = CancellationToken.None): Promise<SemanticTokens> {
        return this.tokensOf(document, undefined, cancelToken);
    }

    override async semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams, cancelToken = CancellationToken.None): Promise<SemanticTokens> {
        return this.tokensOf(document, params.range, cancelToken);
    }

    /** Deltas are not offered (`full.delta` is false); a client asking anyway gets the full answer, which LSP allows. */
    override async semanticHighlightDelta(document: LangiumDocument, _params: SemanticTokensDeltaParams, cancelToken = CancellationToken.None): Promise<SemanticTokens | SemanticTokensDelta> {
        return this.tokensOf(document, undefined, cancelToken);
    }

    private async tokensOf(document: LangiumDocument, range: Range | undefined, cancelToken: CancellationToken): Promise<SemanticTokens> {
        const builder = new SemanticTokensBuilder();
        const iterator = AstUtils.streamAst(document.parseResult.value, { range }).iterator();
        for (let next = iterator.next(); !next.done; next = iterator.next()) {
            await interruptAndCheck(cancelToken);
            const node = next.value;
            const styleOf = styler(node);
            if (!styleOf) continue;
            for (const { leaf, property } of ownTokens(node)) {
                const style = property && styleOf(property);
                const at = leaf.range;
                // Every coloured token (a name, number or string) lies on one line.
                if (!style || at.start.line !== at.end.line || (range && !CstUtils.inRange(at, range))) continue;
                builder.push(at.start.line, at.start.character, at.end.character - at.start.character, this.tokenTypes[style.type], style.modifier ? this.tokenModifiers[style.modifier] : 0);
            }
        }
        return builder.build();
    }

    protected highlightElement(node: AstNode, accept: SemanticTokenAcceptor): void {
        const styleOf = styler(node);
        if (!styleOf) return;
        // One pass over the node's own tokens instead of one property lookup per highlighted name.
        for (const { leaf, property } of ownTokens(node)) {
            const style = property && styleOf(property);
            if (style) accept({ cst: leaf, ...style });
        }
    }
}

/** How to colour each property of `node`, for the node types that have coloured tokens. */
function styler(node: AstNode): ((property: string) => Style | undefined) | undefined {
    if (isModel(node)) return p => (p === 'name' ? DECLARED_CLASS : undefined);
    if (isTrain(node)) return p => (p === 'model' ? CLASS : undefined);
    if (isLayer(node)) return p => (p === 'name' ? DECLARED_VARIABLE : p === 'type' && findLayer(node.type) ? LIBRARY_CLASS : undefined);
    if (isArgument(node)) return p => (p === 'name' ? PARAMETER : undefined);
    if (isSetting(node)) return p => (p === 'name' ? PROPERTY : undefined);
    if (isNumberValue(node)) return () => NUMBER;
    if (isNameValue(node)) {
        const meaning = valueMeaning(node);
        return meaning && (() => (meaning.kind === 'label' ? VARIABLE : ENUM_MEMBER));
    }
    if (isCallValue(node)) return p => (p === 'callee' && valueMeaning(node) ? LIBRARY_FUNCTION : undefined);
    return undefined;
}
