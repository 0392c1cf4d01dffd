import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { NnAnalyzer } from './analyzer-service.js';
import { NO_DATA_FILE_CHECKS, type DataFileChecker } from './data-files.js';
import { NnDocumentValidator } from './document-validator.js';
import { NnLexer } from './lexer.js';
import { NnLinker } from './linker.js';
import { NnGeneratedModule, NnGeneratedSharedModule } from './generated/module.js';
import { NnNameProvider, NnScopeComputation, NnScopeProvider } from './scope.js';
import { NnValidator, registerValidationChecks } from './validator.js';
import { NnDocumentUpdateHandler } from './lsp/document-lifecycle.js';
import { NnLspModule, type NnLspAddedServices } from './lsp/lsp-module.js';

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

export const NnModule: Module<NnServices, PartialLangiumServices & NnAddedServices> = {
    nn: {
        Analyzer: services => new NnAnalyzer(services.shared),
        DataFiles: () => NO_DATA_FILE_CHECKS
    },
    validation: {
        NnValidator: services => new NnValidator(services),
        DocumentValidator: services => new NnDocumentValidator(services)
    },
    parser: {
        Lexer: services => new NnLexer(services)
    },
    references: {
        Linker: services => new NnLinker(services),
        ScopeProvider: services => new NnScopeProvider(services),
        ScopeComputation: services => new NnScopeComputation(services),
        NameProvider: () => new NnNameProvider()
    },
    ...NnLspModule
};

/** Shared (all-language) services nn replaces: what happens to a document the editor closes. */
export const NnSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        DocumentUpdateHandler: services => new NnDocumentUpdateHandler(services)
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
    const Nn = inject(createDefaultModule({ shared }), NnGeneratedModule, NnModule, host);
    shared.ServiceRegistry.register(Nn);
    registerValidationChecks(Nn);
    if (!context.connection) {
        // No language client: nobody sends a configuration, so mark it as received.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Nn };
}
