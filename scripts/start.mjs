#!/usr/bin/env node
// `npm start`: nn-lang in a real VS Code, offline. Builds, packages out/nn-lang.vsix, installs what
// is missing (scripts/setup-e2e.sh: chromium, Node 24, code-server into .tools/), installs the fresh
// .vsix into a persistent code-server profile (.tools/start-profile: your settings and open editors
// survive restarts), opens a scratch copy of examples/ (.tools/start-workspace: edits, training runs
// and the editor's own files land there, never in tracked files) on 127.0.0.1 and prints the URL
// to open. Ctrl-C stops it all.
//
//   npm start                      a free port
//   PORT=8080 npm start            that port
//   npm start -- --fresh-examples  a new scratch copy of examples/ (yours is replaced)
//   npm start -- --folder DIR      that folder itself instead of the scratch copy
//   npm start -- --no-build        skip build and packaging (use the existing out/nn-lang.vsix)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installVsix, startCodeServer } from '../test/e2e/harness/codeServer.mjs';
import { createProfile } from '../test/e2e/harness/profile.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = path.join(root, 'out', 'nn-lang.vsix');
const PROFILE_DIR = path.join(root, '.tools', 'start-profile');
const WORKSPACE_DIR = path.join(root, '.tools', 'start-workspace');
const EXAMPLES_DIR = path.join(root, 'examples');
const USAGE = 'usage: npm start [-- --folder DIR] [-- --fresh-examples] [-- --no-build]   (PORT=N for a fixed port)';
const HOST = '127.0.0.1';

const log = (message) => console.log(`[start] ${message}`);

function fail(message) {
    console.error(`[start] ${message}`);
    process.exit(1);
}

function options() {
    let values;
    try {
        ({ values } = parseArgs({ options: { folder: { type: 'string' }, 'fresh-examples': { type: 'boolean' }, 'no-build': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
    } catch (error) {
        fail(`${error.message}\n${USAGE}`);
    }
    if (values.help) {
        console.log(USAGE);
        process.exit(0);
    }
    const folder = values.folder === undefined ? undefined : path.resolve(values.folder);
    if (folder !== undefined && (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())) fail(`${folder} is not a folder`);
    let port;
    if (process.env.PORT !== undefined && process.env.PORT !== '') {
        port = Number(process.env.PORT);
        if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a port number (1-65535), not '${process.env.PORT}'`);
    }
    return { folder, port, build: !values['no-build'], freshExamples: Boolean(values['fresh-examples']) };
}

/**
 * The folder VS Code opens: a copy of examples/ in the git-ignored .tools/, made on the first
 * start (or with --fresh-examples). Files in examples/ are tracked and checked by tests, so the
 * editor (saves, .vscode/, training runs in .nn-runs/) must not write there.
 */
function scratchExamples(fresh) {
    if (fresh) fs.rmSync(WORKSPACE_DIR, { recursive: true, force: true });
    if (fs.existsSync(WORKSPACE_DIR)) {
        log(`opening your scratch copy of examples/ in ${path.relative(root, WORKSPACE_DIR)} (--fresh-examples for a new one)`);
    } else {
        fs.cpSync(EXAMPLES_DIR, WORKSPACE_DIR, { recursive: true });
        log(`copied examples/ to ${path.relative(root, WORKSPACE_DIR)}: edit and train there freely`);
    }
    return WORKSPACE_DIR;
}

/** The first run installs a real VS Code; say what and roughly how long before it starts. */
function announceFirstSetup() {
    if (fs.existsSync(path.join(root, '.tools', 'code-server'))) return;
    log('first run: installing, once, into .tools/ (git-ignored): Debian chromium and libkrb5-dev (apt),');
    log('Node 24 and code-server 4.139 (VS Code in a browser tab, from npm, ~600 MB). This takes about');
    log('2-4 minutes on a 2-core machine; later starts skip it and take about 30 seconds.');
}

/** Runs a command with our terminal; a non-zero exit ends `npm start` with its message. */
async function run(what, command, args) {
    const started = Date.now();
    log(`${what}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    const [code, signal] = await once(child, 'exit');
    if (code !== 0) fail(`${what} failed (${signal ?? `exit ${code}`})`);
    log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** A clear message now instead of code-server's bind error later. */
async function assertPortFree(port) {
    const server = createServer();
    try {
        server.listen(port, HOST);
        await once(server, 'listening');
    } catch (error) {
        fail(`port ${port} on ${HOST} is not free (${error.code}): choose another with PORT=N, or leave PORT unset for a free one`);
    }
    server.close();
    await once(server, 'close');
}

async function main() {
    const opts = options();
    if (opts.port !== undefined) await assertPortFree(opts.port);
    if (opts.build) {
        await run('build', 'npm', ['run', 'build']);
        await run('package', 'npm', ['run', 'package']);
    } else if (!fs.existsSync(VSIX)) {
        fail(`${path.relative(root, VSIX)} does not exist: run without --no-build`);
    }
    announceFirstSetup();
    await run('setup', 'bash', [path.join(root, 'scripts', 'setup-e2e.sh')]);
    const folder = opts.folder ?? scratchExamples(opts.freshExamples);

    const profile = createProfile({ baseDir: PROFILE_DIR, keepSettings: true });
    const { installed } = await installVsix(profile, VSIX, { force: true });
    log(`installed ${path.relative(root, VSIX)} into ${path.relative(root, PROFILE_DIR)} (${installed.join(', ')})`);

    const server = await startCodeServer({ profile, host: HOST, port: opts.port });
    let stopping = false;
    const stop = async (signal) => {
        if (stopping) return;
        stopping = true;
        log(`${signal}: stopping code-server (pid ${server.pid}) ...`);
        await server.stop();
        log('stopped');
        process.exit(0);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));
    server.exited.then(([code, signal]) => {
        if (stopping) return;
        console.error(`[start] code-server exited on its own (${signal ?? `exit ${code}`}); its last output:\n${server.output.slice(-30).join('\n')}`);
        process.exit(1);
    });

    const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
    console.log(`
  nn-lang is running in VS Code ${codeServerVersion()} (code-server, offline).
  Open this in a browser on this machine:

      ${url}

  Open a .nn file: inline shapes and parameter counts; "NN: Train Model" from the command palette.
  Ctrl-C stops it.
`);
}

function codeServerVersion() {
    try {
        const file = path.join(root, '.tools', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
        return JSON.parse(fs.readFileSync(file, 'utf8')).version;
    } catch {
        return '';
    }
}

main().catch((error) => fail(error.stack ?? String(error)));
