import { GrammarAST, isCompositeCstNode, isLeafCstNode, type AstNode, type CstNode, type LeafCstNode } from 'langium';

export interface OwnToken {
    leaf: LeafCstNode;
    /** The keyword's text (`(`, `,`, `=`), or undefined for a token assigned to a property. */
    keyword?: string;
    /** The property an identifier, number or string token is assigned to (`name`, `type`, `callee`). */
    property?: string;
}

/**
 * The tokens that belong to `node` itself, not to its child nodes, in document order: one walk
 * over the node's own CST (Langium's per-property lookups walk it once per property asked,
 * which the formatter and the highlighter would otherwise pay several times per layer).
 */
export function ownTokens(node: AstNode): OwnToken[] {
    const tokens: OwnToken[] = [];
    const visit = (cst: CstNode): void => {
        if (cst.astNode !== node) return;
        if (isLeafCstNode(cst)) {
            if (cst.hidden) return;
            const source = cst.grammarSource;
            // Plain `$type` tests: this runs for every token of the document.
            if (source?.$type === GrammarAST.Keyword.$type) tokens.push({ leaf: cst, keyword: (source as GrammarAST.Keyword).value });
            else tokens.push({ leaf: cst, property: source?.$container?.$type === GrammarAST.Assignment.$type ? (source.$container as GrammarAST.Assignment).feature : undefined });
            return;
        }
        if (isCompositeCstNode(cst)) for (const child of cst.content) visit(child);
    };
    if (node.$cstNode) visit(node.$cstNode);
    return tokens;
}
