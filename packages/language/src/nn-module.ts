import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices
} from 'langium/lsp';
import { NnAnalyzer } from './analyzer-service.js';
import { NO_DATA_FILE_CHECKS, type DataFileChecker } from './data-files.js';
import { NnDocumentBuilder } from './document-builder.js';
import { NnDocumentFactory } from './document-factory.js';
import { NnDocumentValidator } from './document-validator.js';
import { NnLexer } from './lexer.js';
import { NnLinker } from './linker.js';
import { NnReferenceDescriptionProvider, NnReferences } from './references.js';
import { NnGeneratedModule, NnGeneratedSharedModule } from './generated/module.js';
import { NnNameProvider, NnScopeComputation, NnScopeProvider } from './scope.js';
import { NnValidator, registerValidationChecks } from './validator.js';
import { NnDocumentUpdateHandler } from './lsp/document-lifecycle.js';
import { NnLspModule, type NnLspAddedServices } from './lsp/lsp-module.js';
import { NnWorkspaceSymbolProvider } from './lsp/workspace-symbols.js';

/** Services added by the nn language, by concern. */
export type NnAddedServices = {
    nn: {
        Analyzer: NnAnalyzer;
        /** What the checker may learn about data files; nothing unless the host plugs in a file system. */
        DataFiles: DataFileChecker;
    };
    validation: {
        NnValidator: NnValidator;
    };
} & NnLspAddedServices;

export type NnServices = LangiumServices & NnAddedServices;

/**
 * Parsing and linking only: the lexer and the scoping. A bare Langium build with this module
 * (no analysis, no validation) is what the editor benchmark compares a full check against.
 */
export const NnLinkingModule: Module<LangiumServices, Pick<PartialLangiumServices, 'parser' | 'references'>> = {
    parser: {
        Lexer: services => new NnLexer(services)
    },
    references: {
        Linker: services => new NnLinker(services),
        ScopeProvider: services => new NnScopeProvider(services),
        ScopeComputation: services => new NnScopeComputation(services),
        NameProvider: () => new NnNameProvider()
    }
};

/** References are looked up in the target's own file, never in the workspace index (see references.ts). */
export const NnReferencesModule: Module<LangiumServices, Pick<PartialLangiumServices, 'references' | 'workspace'>> = {
    references: {
        References: services => new NnReferences(services)
    },
    workspace: {
        ReferenceDescriptionProvider: services => new NnReferenceDescriptionProvider(services)
    }
};

export const NnModule: Module<NnServices, PartialLangiumServices & NnAddedServices> = {
    ...NnLinkingModule,
    nn: {
        Analyzer: () => new NnAnalyzer(),
        DataFiles: () => NO_DATA_FILE_CHECKS
    },
    validation: {
        NnValidator: services => new NnValidator(services),
        DocumentValidator: services => new NnDocumentValidator(services)
    },
    ...NnLspModule
};

/**
 * Shared (cross-language) services nn replaces: the document builder (files are independent), the
 * document factory (edits re-parse only what they touched),
 * workspace symbols, and what happens to a document the editor closes.
 */
export const NnSharedModule: Module<LangiumSharedServices, {
    workspace: {
        DocumentBuilder: (shared: LangiumSharedServices) => NnDocumentBuilder;
        LangiumDocumentFactory: (shared: LangiumSharedServices) => NnDocumentFactory;
    };
    lsp: {
        WorkspaceSymbolProvider: (shared: LangiumSharedServices) => NnWorkspaceSymbolProvider;
        DocumentUpdateHandler: (shared: LangiumSharedServices) => NnDocumentUpdateHandler;
    };
}> = {
    workspace: {
        DocumentBuilder: shared => new NnDocumentBuilder(shared),
        LangiumDocumentFactory: shared => new NnDocumentFactory(shared)
    },
    lsp: {
        WorkspaceSymbolProvider: shared => new NnWorkspaceSymbolProvider(shared),
        DocumentUpdateHandler: shared => new NnDocumentUpdateHandler(shared)
    }
};

/**
 * Creates the shared services and the nn language services. Pass `NodeFileSystem` (langium/node)
 * in Node, `EmptyFileSystem` in tests and the browser; `dataFiles` lets the checker look at the
 * data files a train block names (the server and the CLI pass the Node implementation).
 */
export function createNnServices(
    context: DefaultSharedModuleContext,
    options: { dataFiles?: DataFileChecker } = {}
): { shared: LangiumSharedServices; Nn: NnServices } {
    const shared = inject(createDefaultSharedModule(context), NnGeneratedSharedModule, NnSharedModule);
    const dataFiles = options.dataFiles ?? NO_DATA_FILE_CHECKS;
    // Overrides one entry of NnModule's `nn` group (inject merges groups entry by entry).
    const host = { nn: { DataFiles: () => dataFiles } } as Module<NnServices, object>;
    const Nn = inject(createDefaultModule({ shared }), NnGeneratedModule, NnModule, NnReferencesModule, host);
    shared.ServiceRegistry.register(Nn);
    registerValidationChecks(Nn);
    if (!context.connection) {
        // No language client: nobody sends a configuration, so mark it as received.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Nn };
}
