// Starts and stops code-server (a real VS Code workbench served over HTTP, installed by
// scripts/setup-e2e.sh) in a throwaway profile, and installs .vsix files into that profile.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT, createProfile } from './profile.mjs';

const TOOLS = process.env.NN_E2E_TOOLS ?? path.join(REPO_ROOT, '.tools');

/** Where setup-e2e.sh put Node 24 and code-server; fails with the fix if they are missing. */
export function codeServerInstall() {
    const node = process.env.NN_E2E_NODE24 ?? path.join(TOOLS, 'node24', 'bin', 'node');
    const entry = process.env.NN_E2E_CODE_SERVER
        ?? path.join(TOOLS, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    for (const file of [node, entry]) {
        if (!fs.existsSync(file)) {
            throw new Error(`${file} is missing: run 'npm run setup:e2e' (scripts/setup-e2e.sh) first`);
        }
    }
    return { node, entry };
}

function profileEnv(profile, extraEnv) {
    return {
        ...process.env,
        XDG_CONFIG_HOME: profile.xdgConfig,
        XDG_DATA_HOME: profile.xdgData,
        XDG_CACHE_HOME: profile.xdgCache,
        XDG_STATE_HOME: profile.xdgState,
        // code-server's default gallery is open-vsx.org: unreachable here, and tests must not
        // depend on it anyway. An empty gallery config turns the gallery off.
        EXTENSIONS_GALLERY: '{}',
        ...extraEnv,
    };
}

function profileArgs(profile) {
    return ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/**
 * Installs a .vsix into the profile the way a user would (`code --install-extension`). `force`
 * replaces an installed copy of the same version (a persistent profile, a rebuilt .vsix).
 */
export async function installVsix(profile, vsixPath, { timeoutMs = 120_000, force = false } = {}) {
    const { node, entry } = codeServerInstall();
    const absolute = path.resolve(vsixPath);
    if (!fs.existsSync(absolute)) throw new Error(`${absolute} does not exist: run 'npm run package' first`);
    const child = spawn(node, [entry, ...profileArgs(profile), '--install-extension', absolute, ...(force ? ['--force'] : [])], {
        env: profileEnv(profile),
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(timer);
    // Demand the confirmation line too: a zero exit alone does not prove the extension landed.
    if (code !== 0 || !/was successfully installed/.test(output)) {
        throw new Error(`installing ${absolute} failed (exit ${code ?? signal}):\n${output}`);
    }
    const installed = fs.readdirSync(profile.extensionsDir).filter((name) => !name.startsWith('.') && name !== 'extensions.json');
    return { output: output.trim(), installed };
}

async function freePort(host) {
    const server = createServer();
    server.listen(0, host);
    await once(server, 'listening');
    const { port } = server.address();
    server.close();
    await once(server, 'close');
    return port;
}

/**
 * Starts code-server and resolves once /healthz answers. Options:
 *   profile          from createProfile() (default: a new temp profile)
 *   smokeTestDriver  pass --vscode-option enable-smoke-test-driver (needed for extension-host
 *                    suites: it makes the workbench report the suite's exit code; it also hides
 *                    notification toasts, so UI tests want a second instance without it)
 *   env              extra environment for code-server and the extension host it spawns
 *   log              (line) => void for code-server's own output (default: kept in memory only)
 *   port             a fixed port (default: a free one)
 */
export async function startCodeServer({
    profile = createProfile(),
    smokeTestDriver = false,
    env = {},
    extraArgs = [],
    host = '127.0.0.1',
    startTimeoutMs = 60_000,
    log,
    port: fixedPort,
} = {}) {
    const { node, entry } = codeServerInstall();
    const port = fixedPort ?? await freePort(host);
    const args = [
        entry,
        '--bind-addr', `${host}:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        ...profileArgs(profile),
        ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
        ...extraArgs,
    ];
    // Its own process group, so stop() can end the extension host, pty host and file watchers
    // that code-server spawns along with it.
    const child = spawn(node, args, {
        env: profileEnv(profile, env),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
    });
    const output = [];
    const onData = (chunk) => {
        for (const line of chunk.toString().split('\n')) {
            if (!line) continue;
            output.push(line);
            log?.(line);
        }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = once(child, 'exit');
    let running = true;
    exited.then(() => { running = false; });

    // Last resort if the launcher dies without calling stop(): never leave a server behind.
    const killOnExit = () => { if (running) killGroup(child.pid, 'SIGKILL'); };
    process.on('exit', killOnExit);

    const url = `http://${host}:${port}`;
    const server = {
        url,
        host,
        port,
        pid: child.pid,
        profile,
        output,
        get running() { return running; },
        exited,
        async stop({ graceMs = 10_000 } = {}) {
            process.off('exit', killOnExit);
            if (!running) return;
            killGroup(child.pid, 'SIGTERM');
            const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
            await exited;
            clearTimeout(timer);
            // Children that outlived their parent still carry its process group id.
            killGroup(child.pid, 'SIGKILL');
        },
    };

    const started = Date.now();
    try {
        await waitForHealth(url, startTimeoutMs, () => running);
    } catch (error) {
        await server.stop();
        throw new Error(`${error.message}\n--- code-server output ---\n${output.join('\n')}`, { cause: error });
    }
    server.startMs = Date.now() - started;
    return server;
}

function killGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    } catch (error) {
        if (error.code !== 'ESRCH') throw error;
    }
}

async function waitForHealth(url, timeoutMs, isRunning) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
        if (!isRunning()) throw new Error('code-server exited before it became healthy');
        try {
            const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
            if (response.ok) return;
            lastError = new Error(`/healthz answered ${response.status}`);
        } catch (error) {
            lastError = error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms (last error: ${lastError?.message})`);
}

/** A `vscode-remote://` URI for a path on the code-server host, as the workbench payload wants. */
export function remoteUri(server, absolutePath) {
    const encoded = absolutePath.split('/').map(encodeURIComponent).join('/');
    return `vscode-remote://${server.host}:${server.port}${encoded}`;
}
