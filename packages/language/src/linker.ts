import { DefaultLinker, interruptAndCheck, type AstNode, type DefaultReference, type LangiumDocument, type ReferenceInfo } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { isNameValue, type Document } from './generated/ast.js';
import { forEachReference } from './references.js';
import { isLabelPosition } from './scope.js';

/**
 * What a reference holds when it links to nothing on purpose: a bare value (`relu`, `same`,
 * `mnist`), or a label or model name that is not defined. Not a Langium linking error: Langium
 * re-links every document holding a linking error after any change anywhere in the workspace, yet
 * nothing in a .nn file can be resolved by another file (models and labels are file-local), and
 * the checker reports unknown names itself, with a "did you mean".
 */
const UNRESOLVED = Object.freeze({ unresolved: true }) as unknown as AstNode;

/**
 * The grammar gives every bare name a reference slot (`NameValue: ref=[Layer:ID]`), because only
 * the checker knows which positions hold labels. Here a name outside a label position is never
 * looked up, neither when a document is linked nor when someone asks for its target later.
 */
export class NnLinker extends DefaultLinker {
    /**
     * Links the grammar's reference slots directly (see forEachReference), not by walking every node
     * with an await per node; a cancelled build is still noticed, once for the whole document.
     */
    override async link(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<void> {
        await interruptAndCheck(cancelToken);
        forEachReference(document.parseResult.value as Document, info => this.doLink(info, document));
    }

    protected override doLink(refInfo: ReferenceInfo, document: LangiumDocument): void {
        const reference = refInfo.reference as DefaultReference;
        if (reference._ref === undefined && isPlainValue(refInfo.container)) {
            reference._ref = UNRESOLVED;
            return;
        }
        super.doLink(refInfo, document);
        if (reference.error) reference._ref = UNRESOLVED;
    }

    protected override resolveReference(reference: DefaultReference, node: AstNode, property: string): AstNode | undefined {
        if (reference._ref === undefined && isPlainValue(node)) {
            reference._ref = UNRESOLVED;
            return undefined;
        }
        const target = super.resolveReference(reference, node, property);
        if (reference.error) reference._ref = UNRESOLVED;
        return target;
    }
}

function isPlainValue(node: AstNode): boolean {
    return isNameValue(node) && !isLabelPosition(node);
}
