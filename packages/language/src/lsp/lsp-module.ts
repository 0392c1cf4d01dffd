import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { NnServices } from '../nn-module.js';
import { NnCodeActionProvider } from './code-actions.js';
import { NnCompletionProvider } from './completion.js';
import { NnFoldingRangeProvider } from './folding.js';
import { NnFormatter } from './formatter.js';
import { NnHoverProvider } from './hover.js';
import { NnInlayHintProvider } from './inlay-hints.js';
import { NnSemanticTokenProvider } from './semantic-tokens.js';
import { NnSignatureHelpProvider } from './signature-help.js';
import { NnDocumentSymbolProvider } from './symbols.js';

/**
 * Language-server services the nn language adds beyond Langium's: none. Every feature below
 * replaces a standard Langium LSP service, so it is reached the usual way (`services.lsp.*`).
 */
export type NnLspAddedServices = object;

/**
 * Hover, inlay hints, completion, signature help, quick fixes, formatting, the outline and semantic colouring. Go to definition,
 * find references, rename and document highlight are Langium's defaults, driven by `NnScopeProvider`.
 */
export const NnLspModule: Module<NnServices, Pick<PartialLangiumServices, 'lsp'>> = {
    lsp: {
        HoverProvider: services => new NnHoverProvider(services),
        InlayHintProvider: services => new NnInlayHintProvider(services),
        CompletionProvider: services => new NnCompletionProvider(services),
        CodeActionProvider: () => new NnCodeActionProvider(),
        Formatter: () => new NnFormatter(),
        DocumentSymbolProvider: services => new NnDocumentSymbolProvider(services),
        SemanticTokenProvider: services => new NnSemanticTokenProvider(services),
        SignatureHelp: services => new NnSignatureHelpProvider(services),
        FoldingRangeProvider: services => new NnFoldingRangeProvider(services)
    }
};
