import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';

/**
 * Every `.nn` file stands alone: models and labels are file-local and nothing is exported, so an
 * edit in one file can change no other file's links. Langium relinks (and so re-checks) every
 * document that has an unresolved reference on every change anywhere; in nn that would be
 * every file with an unknown label or model, re-checked on each keystroke in any other file.
 */
export class NnDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldRelink(_document: LangiumDocument, _changedUris: Set<string>): boolean {
        return false;
    }
}

