import { AstUtils, DefaultNameProvider, DefaultScopeComputation, MultiMap, type AstNode, type CstNode, type LocalSymbols, DefaultScopeProvider, EMPTY_SCOPE, stream, type AstNodeDescription, type LangiumDocument, type ReferenceInfo, type Scope, type Stream } from 'langium';
import { findLayer } from './catalogue/layers.js';
import { isArgument, isDocument, isLayer, isModel, isNameValue, isTrain, type Document, type Layer, type Model, type NameValue } from './generated/ast.js';

/** Models and labels are file-local: nothing is exported to other documents. */
export class NnScopeComputation extends DefaultScopeComputation {
    override async collectExportedSymbols(): Promise<AstNodeDescription[]> {
        return [];
    }

    /** NnScopeProvider resolves every reference itself, so no per-node symbol table is built. */
    override async collectLocalSymbols(): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}

/** Only models and labels declare names; argument and setting names are keywords, not declarations. */
export class NnNameProvider extends DefaultNameProvider {
    override getName(node: AstNode): string | undefined {
        return isModel(node) || isLayer(node) ? node.name : undefined;
    }

    override getNameNode(node: AstNode): CstNode | undefined {
        return isModel(node) || isLayer(node) ? super.getNameNode(node) : undefined;
    }
}

/** A positional argument of a merge layer (`Add(skip, main)`): the only place a bare name names a label. */
export function isLabelPosition(value: NameValue): boolean {
    const argument = value.$container;
    return isArgument(argument) && !argument.name && isLayer(argument.$container) && findLayer(argument.$container.type)?.merge === true;
}

/**
 * A bare name is a reference only where a label may stand: a positional argument of a merge
 * layer, resolving to labels defined above in the same model. Everywhere else (relu, same, mnist)
 * it is a plain value and resolves to nothing. A train block's model resolves to this file's models.
 */
export class NnScopeProvider extends DefaultScopeProvider {
    override getScope(context: ReferenceInfo): Scope {
        const container = context.container;
        if (isTrain(container)) {
            const root = AstUtils.findRootNode(container);
            return isDocument(root) ? new ModelScope(this.modelIndex(root), (node, name) => this.descriptions.createDescription(node, name)) : EMPTY_SCOPE;
        }
        if (isNameValue(container) && isLabelPosition(container)) {
            const layer = container.$container.$container as Layer;
            return new LabelScope(this.labelIndex(layer.$container), layer, (node, name) => this.descriptions.createDescription(node, name));
        }
        return EMPTY_SCOPE;
    }

    /**
     * One index per model, keyed by its statements array: an edit re-parses statements in place and
     * replaces that array (see incremental-parse.ts), never the model node itself.
     */
    private readonly indexes = new WeakMap<Model['statements'], LabelIndex>();
    /** The models of a file by name, once per blocks array (replaced likewise): a file of 2,000 train blocks links in linear time. */
    private readonly models = new WeakMap<Document['blocks'], Map<string, Model>>();

    private modelIndex(root: Document): Map<string, Model> {
        let index = this.models.get(root.blocks);
        if (!index) {
            index = new Map();
            for (const block of root.blocks) {
                // The first of two same-named models wins, as the analysis reports the second as a duplicate.
                if (isModel(block) && block.name && !index.has(block.name)) index.set(block.name, block);
            }
            this.models.set(root.blocks, index);
        }
        return index;
    }

    private labelIndex(model: Model): LabelIndex {
        let index = this.indexes.get(model.statements);
        if (!index) {
            index = { byName: new Map(), position: new Map() };
            model.statements.forEach((statement, i) => {
                if (!isLayer(statement)) return;
                index!.position.set(statement, i);
                if (statement.name && !index!.byName.has(statement.name)) index!.byName.set(statement.name, statement);
            });
            this.indexes.set(model.statements, index);
        }
        return index;
    }
}

/** This file's models, found by name in constant time. */
class ModelScope implements Scope {
    constructor(
        private readonly index: Map<string, Model>,
        private readonly describe: (node: Model, name: string) => AstNodeDescription
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        const model = this.index.get(name);
        return model && this.describe(model, name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const element = this.getElement(name);
        return stream(element ? [element] : []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.index.entries()).map(([name, model]) => this.describe(model, name));
    }
}

interface LabelIndex {
    byName: Map<string, Layer>;
    position: Map<Layer, number>;
}

/** Labels defined above `user`, found by name in constant time (no walk per reference). */
class LabelScope implements Scope {
    constructor(
        private readonly index: LabelIndex,
        private readonly user: Layer,
        private readonly describe: (node: Layer, name: string) => AstNodeDescription
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        const target = this.index.byName.get(name);
        if (!target || this.index.position.get(target)! >= this.index.position.get(this.user)!) return undefined;
        return this.describe(target, name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        const element = this.getElement(name);
        return stream(element ? [element] : []);
    }

    getAllElements(): Stream<AstNodeDescription> {
        const limit = this.index.position.get(this.user)!;
        return stream(this.index.byName.values())
            .filter(layer => this.index.position.get(layer)! < limit)
            .map(layer => this.describe(layer, layer.name!));
    }
}

export type { LangiumDocument };
