// The nn language server, started by the extension (out/server.cjs) over Node IPC.
import { createNnServices } from '@nn-lang/language';
import { dataRootOf, nodeDataFileChecker } from '@nn-lang/training/data/checks';
import { URI } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerInteropRequests } from './interop/server.js';
import { registerTrainingRequests } from './server-requests.js';

const connection = createConnection(ProposedFeatures.all);
// Data paths stay inside the workspace folder holding the .nn file (its own folder when none does).
// The folders are those the client opened with (Langium does not ask for folder changes).
let workspaceFolders: string[] = [];
const dataFiles = nodeDataFileChecker(nnFile => dataRootOf(nnFile, workspaceFolders));
const { shared } = createNnServices({ connection, ...NodeFileSystem }, { dataFiles });
shared.lsp.LanguageServer.onInitialize(params => {
    workspaceFolders = (params.workspaceFolders ?? []).map(folder => URI.parse(folder.uri)).filter(uri => uri.scheme === 'file').map(uri => uri.fsPath);
});
startLanguageServer(shared);
registerTrainingRequests(connection, shared);
registerInteropRequests(connection, shared);
