// The nn language server as a web worker (out/server-browser.js), for VS Code for the Web
// (vscode.dev, github.dev) where there is no Node: checking, hints, hover, completion, signature
// help and quick fixes, on the documents the editor sends (no file system: EmptyFileSystem).
// The Node server's custom requests (training descriptions, export and import) need Node and
// are not registered here.
import { createNnServices } from '@nn-lang/language';
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';

// The worker's global scope: messages come and go through postMessage on it.
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
const { shared } = createNnServices({ connection, ...EmptyFileSystem });
startLanguageServer(shared);
