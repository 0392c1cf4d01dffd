import {
    AstUtils, DefaultReferenceDescriptionProvider, DefaultReferences, isReference, stream,
    type AstNode, type FindReferencesOptions, type LangiumCoreServices, type ReferenceDescription, type ReferenceInfo, type Stream
} from 'langium';
import { isCallValue, isInputDecl, isListValue, isModel, isNameValue, type Argument, type Document, type Value } from './generated/ast.js';

/**
 * Every reference slot the grammar has: a train block's model and bare names (`NameValue`), found by
 * walking only the properties that can hold them. Langium's generic walk visits every property of
 * every node, which cost a tenth of each check of a 10,000-layer file, twice (linking and indexing).
 */
export function forEachReference(root: Document, visit: (info: ReferenceInfo) => void): void {
    for (const block of root.blocks ?? []) {
        if (isModel(block)) {
            for (const statement of block.statements ?? []) {
                if (isInputDecl(statement)) visitValue(statement.shape, visit);
                else visitArguments(statement.args, visit);
            }
        } else {
            if (isReference(block.model)) visit({ reference: block.model, container: block, property: 'model' });
            for (const setting of block.settings ?? []) visitValue(setting.value, visit);
        }
    }
}

function visitArguments(args: Argument[] | undefined, visit: (info: ReferenceInfo) => void): void {
    for (const argument of args ?? []) visitValue(argument.value, visit);
}

function visitValue(value: Value | undefined, visit: (info: ReferenceInfo) => void): void {
    if (!value) return;
    if (isNameValue(value)) {
        if (isReference(value.ref)) visit({ reference: value.ref, container: value, property: 'ref' });
    } else if (isListValue(value)) {
        for (const item of value.items ?? []) visitValue(item, visit);
    } else if (isCallValue(value)) {
        visitArguments(value.args, visit);
    }
}

/**
 * Nothing of a .nn file is visible from another (models and labels are file-local), so no
 * reference goes into the workspace index: indexing them walked the whole file on every keystroke
 * for no reader. Find-references, highlight and rename search the target's own file instead.
 */
export class NnReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(): Promise<ReferenceDescription[]> {
        return [];
    }

    /** The description of one reference, made when someone asks (see NnReferences). */
    describe(info: ReferenceInfo): ReferenceDescription[] {
        return this.createInfoDescriptions(info);
    }
}

export class NnReferences extends DefaultReferences {
    private readonly descriptions: NnReferenceDescriptionProvider;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.descriptions = services.workspace.ReferenceDescriptionProvider as NnReferenceDescriptionProvider;
    }

    override findReferences(targetNode: AstNode, options: FindReferencesOptions): Stream<ReferenceDescription> {
        const found: ReferenceDescription[] = options.includeDeclaration ? [...this.getSelfReferences(targetNode)] : [];
        const document = AstUtils.getDocument(targetNode);
        if (options.documentUri && options.documentUri.toString() !== document.uri.toString()) return stream(found);
        forEachReference(document.parseResult.value as Document, info => {
            if (isReference(info.reference) && info.reference.ref === targetNode) found.push(...this.descriptions.describe(info));
        });
        return stream(found);
    }
}
