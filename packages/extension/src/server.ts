// The nn language server, started by the extension (out/server.cjs) over Node IPC.
import { createNnServices } from '@nn-lang/language';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerInteropRequests } from './interop/server.js';
import { registerTrainingRequests } from './server-requests.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createNnServices({ connection, ...NodeFileSystem });
startLanguageServer(shared);
registerTrainingRequests(connection, shared);
registerInteropRequests(connection, shared);
