import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';

/** Language-server features (hover, inlay hints, completion, quick fixes, formatting) are wired here. */
export type NnLspAddedServices = object;

export const NnLspModule: Module<PartialLangiumServices, object> = {};
