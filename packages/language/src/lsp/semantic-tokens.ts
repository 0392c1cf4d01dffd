import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
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
